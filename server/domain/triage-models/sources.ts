import type { LabeledItem } from '../../datasets/types.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { findDatasetByName, listDatasetItems } from '../datasets/repository.js';
import type { Scope } from '../scope.js';
import { labelledDecisions, versionIdsFor } from '../verdicts/decisions.js';

/** Where a model's training items come from, as recorded on the model (its provenance). */
export type TrainingSource =
  | { readonly kind: 'dataset'; readonly dataset: string; readonly datasetId: string; readonly labelKey: string; readonly items: number }
  | { readonly kind: 'decisions'; readonly policySlug: string; readonly labelKey: string; readonly items: number; readonly human: number; readonly reasoner: number };

/** The label key under which decisions train: 1 = VIOLATING, 0 = NON_VIOLATING. */
export const DECISION_LABEL = 'violation';

export async function datasetItems(scope: Scope, name: string, labelKey: string): Promise<{ items: LabeledItem[]; source: TrainingSource }> {
  const dataset = await findDatasetByName(scope.db, { tenantId: scope.tenantId, name });
  if (!dataset) throw new NotFoundError('dataset', name);
  const rows = await listDatasetItems(scope.db, { tenantId: scope.tenantId, datasetId: dataset.id });
  const items = rows.map((row) => ({ content: row.content, labels: row.labels as unknown as Record<string, 0 | 1> }));
  const labelled = items.filter((item) => item.labels[labelKey] !== undefined).length;
  if (labelled === 0) throw new ValidationError(`no item of dataset "${name}" has the label "${labelKey}"`);
  return { items, source: { kind: 'dataset', dataset: name, datasetId: dataset.id, labelKey, items: labelled } };
}

/**
 * Logged decisions on every version of a policy: a human verdict overrides the reasoner's on
 * the same evaluation, so reviewer corrections teach the classifier.
 */
export async function decisionItems(scope: Scope, policySlug: string): Promise<{ items: LabeledItem[]; source: TrainingSource }> {
  const versionIds = await versionIdsFor(scope.db, { tenantId: scope.tenantId, slug: policySlug });
  const standing = new Map<string, Awaited<ReturnType<typeof labelledDecisions>>[number]>();
  for (const decision of await labelledDecisions(scope.db, { tenantId: scope.tenantId, policyVersionIds: versionIds })) {
    const current = standing.get(decision.evaluationId);
    if (!current || decision.stage === 'HUMAN' || current.stage !== 'HUMAN') standing.set(decision.evaluationId, decision);
  }
  const decisions = [...standing.values()];
  if (decisions.length === 0) throw new ValidationError(`policy "${policySlug}" has no reasoner or human decisions to learn from`);
  const items = decisions.map((d) => ({ content: d.content, labels: { [DECISION_LABEL]: d.label === 'VIOLATING' ? 1 : 0 } as Record<string, 0 | 1> }));
  const human = decisions.filter((d) => d.stage === 'HUMAN').length;
  return { items, source: { kind: 'decisions', policySlug, labelKey: DECISION_LABEL, items: items.length, human, reasoner: items.length - human } };
}
