import { createHash } from 'node:crypto';
import type { LabeledItem } from '../../datasets/types.js';
import type { EventBus } from '../../events/bus.js';
import type { TrainingEvent } from '../../events/types.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { trainTriageModel } from '../../triage/index.js';
import { prCurve } from '../../triage/metrics.js';
import { findPublishedVersion } from '../policies/repository.js';
import { requirePolicy } from '../policies/service.js';
import type { Scope } from '../scope.js';
import * as repo from './repository.js';
import { datasetItems, decisionItems, type TrainingSource } from './sources.js';

export interface TrainInput {
  readonly policySlug: string;
  /** A dataset of the tenant; omit to learn from the policy's logged decisions. */
  readonly dataset?: string | null;
  readonly labelKey?: string | null;
  readonly seed?: number | null;
  readonly targetRecall?: number | null;
  /** Make the model the policy's active classifier once it is READY. */
  readonly activate?: boolean | null;
  /** Rule ids a VIOLATING score cites; none by default, since a classifier learns the policy as a whole. */
  readonly ruleIds?: readonly string[] | null;
}

/**
 * Starts training a triage classifier for a policy and returns its TRAINING row at once; the
 * training runs in this process, publishing progress on the bus, and ends READY or FAILED.
 */
export async function startTraining(scope: Scope, bus: EventBus, input: TrainInput): Promise<repo.TriageModelSummary> {
  const targetRecall = input.targetRecall ?? 0.95;
  if (!(targetRecall > 0 && targetRecall < 1)) throw new ValidationError('targetRecall must be between 0 and 1', [{ path: 'targetRecall', line: null, message: String(targetRecall) }]);
  const policy = await requirePolicy(scope, input.policySlug);
  const published = await findPublishedVersion(scope.db, { tenantId: scope.tenantId, policyId: policy.id });
  if (!published) throw new ValidationError(`policy "${input.policySlug}" has no published version to train for`);
  const ruleIds = [...(input.ruleIds ?? [])];
  const unknown = ruleIds.filter((id) => !(published.rules as unknown as { id: string }[]).some((r) => r.id === id));
  if (unknown.length > 0) throw new ValidationError(`rule ids not in the published version: ${unknown.join(', ')}`, [{ path: 'ruleIds', line: null, message: unknown.join(', ') }]);
  const { items, source } = input.dataset
    ? await datasetItems(scope, input.dataset, input.labelKey ?? 'label')
    : await decisionItems(scope, input.policySlug);
  const model = await scope.db.transaction().execute((trx) =>
    repo.insertTrainingModel(trx, { tenantId: scope.tenantId, policyId: policy.id, policyVersionId: published.id, source: { ...source, seed: input.seed ?? 1, targetRecall, ruleIds } }));
  void train(scope, bus, model, { items, source, ruleIds, seed: input.seed ?? 1, targetRecall, activate: input.activate ?? false });
  return model;
}

async function train(scope: Scope, bus: EventBus, model: repo.TriageModelSummary, args: { items: LabeledItem[]; source: TrainingSource; ruleIds: string[]; seed: number; targetRecall: number; activate: boolean }): Promise<void> {
  const publish = (training: TrainingEvent) => bus.publish({ tenantId: scope.tenantId, evaluationId: model.id, training });
  try {
    const result = await trainTriageModel({
      items: args.items, labelKey: args.source.labelKey, seed: args.seed, targetRecall: args.targetRecall, ruleIds: args.ruleIds,
      onProgress: (p) => publish({ phase: p.phase, epoch: p.epoch, epochs: p.epochs, loss: p.loss }),
    });
    const sha256 = createHash('sha256').update(result.onnx).digest('hex');
    await repo.completeModel(scope.db, { tenantId: scope.tenantId, id: model.id, onnx: result.onnx, sha256, featureConfig: result.featureConfig, thresholds: result.thresholds, metrics: { ...result.metrics, counts: result.counts, prCurve: curvePoints(result.calibrationSet) } });
    if (args.activate) await repo.setActive(scope.db, { tenantId: scope.tenantId, id: model.id, policyId: model.policy_id, active: true });
    publish({ phase: 'ready', epoch: 0, epochs: 0, loss: null });
  } catch (error) {
    await repo.failModel(scope.db, { tenantId: scope.tenantId, id: model.id, error: (error as Error).message }).catch(() => undefined);
    publish({ phase: 'failed', epoch: 0, epochs: 0, loss: null, error: (error as Error).message });
  }
}

/** Makes a READY model its policy's active classifier (any other is deactivated), or deactivates it. */
export async function setModelActive(scope: Scope, id: string, active: boolean): Promise<repo.TriageModelSummary> {
  const model = await repo.findModel(scope.db, { tenantId: scope.tenantId, id });
  if (!model) throw new NotFoundError('triage model', id);
  if (active && model.status !== 'READY') throw new ValidationError(`triage model ${id} is ${model.status}; only a READY model can be activated`);
  await repo.setActive(scope.db, { tenantId: scope.tenantId, id, policyId: model.policy_id, active });
  return (await repo.findModel(scope.db, { tenantId: scope.tenantId, id }))!;
}

export const getModel = (scope: Scope, id: string) => repo.findModel(scope.db, { tenantId: scope.tenantId, id });

export async function listTriageModels(scope: Scope, policySlug: string | null): Promise<repo.TriageModelSummary[]> {
  const policyId = policySlug ? (await requirePolicy(scope, policySlug)).id : null;
  return repo.listModels(scope.db, { tenantId: scope.tenantId, policyId });
}

/** A model is stale when its policy has published a version newer than the one it learned under. */
export async function isStale(scope: Scope, model: repo.TriageModelSummary): Promise<boolean> {
  const published = await findPublishedVersion(scope.db, { tenantId: scope.tenantId, policyId: model.policy_id });
  return published !== undefined && published.id !== model.policy_version_id;
}

/** At most `max` points of the precision-recall curve on the calibration split, for plotting. */
function curvePoints(set: { readonly scores: Float64Array; readonly labels: Uint8Array }, max = 50) {
  const curve = prCurve(set.scores, set.labels);
  const step = Math.max(1, Math.ceil(curve.length / max));
  return curve.filter((_, i) => i % step === 0 || i === curve.length - 1).map((p) => ({ threshold: p.threshold, precision: p.precision, recall: p.recall }));
}
