import type { LabeledItem } from '../../datasets/types.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { findDatasetByName, listDatasetItems } from '../datasets/repository.js';
import type { Scope } from '../scope.js';
import { type LabelledDecision, labelledDecisions, versionIdsFor } from '../verdicts/decisions.js';

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
 * Logged decisions on every version of a policy, as ground truth (DESIGN §5): per evaluation and
 * policy version, the latest HUMAN verdict if a reviewer decided it; otherwise the latest reasoner
 * verdict, only if it stands unflagged (no validator finding) on an evaluation that ended DECIDED.
 * A machine verdict on an unreviewed ESCALATED (or FAILED, CANCELLED, still running) evaluation
 * is what the engine itself did not trust, so it never teaches the classifier.
 */
export async function decisionItems(scope: Scope, policySlug: string): Promise<{ items: LabeledItem[]; source: TrainingSource }> {
  const versionIds = await versionIdsFor(scope.db, { tenantId: scope.tenantId, slug: policySlug });
  const decisions = groundTruth(await labelledDecisions(scope.db, { tenantId: scope.tenantId, policyVersionIds: versionIds }));
  if (decisions.length === 0) throw new ValidationError(`policy "${policySlug}" has no reviewed or unflagged decided verdicts to learn from`);
  const items = decisions.map((d) => ({ content: d.content, labels: { [DECISION_LABEL]: d.label === 'VIOLATING' ? 1 : 0 } as Record<string, 0 | 1> }));
  const human = decisions.filter((d) => d.stage === 'HUMAN').length;
  return { items, source: { kind: 'decisions', policySlug, labelKey: DECISION_LABEL, items: items.length, human, reasoner: items.length - human } };
}

/** The standing trusted decision per (evaluation, policy version), from verdicts oldest first. */
export function groundTruth(decisions: readonly LabelledDecision[]): LabelledDecision[] {
  const latest = new Map<string, { human?: LabelledDecision; machine?: LabelledDecision }>();
  for (const decision of decisions) {
    const key = `${decision.evaluationId}/${decision.policyVersionId}`;
    const entry = latest.get(key) ?? {};
    if (decision.stage === 'HUMAN') entry.human = decision;
    else entry.machine = decision;
    latest.set(key, entry);
  }
  return [...latest.values()].flatMap(({ human, machine }) => {
    if (human) return [human];
    return machine && trustedMachineVerdict(machine) ? [machine] : [];
  });
}

const trustedMachineVerdict = (d: LabelledDecision): boolean =>
  d.evaluationStatus === 'DECIDED' && d.findingCodes.length === 0;
