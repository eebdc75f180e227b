import type { VerdictRow } from '../../db/schema.js';
import { ValidationError } from '../../errors.js';
import { findEvaluationsByIds } from '../evaluations/repository.js';
import { getVersion, getPolicyById } from '../policies/queries.js';
import type { Scope } from '../scope.js';
import { type DecisionFilter, decisions, finalVerdicts } from '../verdicts/service.js';
import { addDatasetItems, type DatasetItemInput } from './service.js';

/** The most decisions one call turns into items. */
export const MAX_DECISIONS = 5_000;

/**
 * Turns the decisions a filter matches into labelled items, one per evaluation, labelled by policy
 * slug from the verdict that stands for it: a HUMAN verdict takes precedence over the machine's,
 * UNCERTAIN labels nothing. Items reviewed by a human have source REVIEW, the others DECISION.
 */
export async function addDecisionsToDataset(scope: Scope, input: { readonly dataset: string; readonly filter: DecisionFilter }) {
  const evaluationIds = await matchingEvaluations(scope, input.filter);
  if (evaluationIds.length === 0) throw new ValidationError('no decision matches the filter', [{ path: 'filter', line: null, message: 'matches nothing' }]);
  const evaluations = new Map((await findEvaluationsByIds(scope.db, { tenantId: scope.tenantId, ids: evaluationIds })).map((e) => [e.id, e]));
  const items: DatasetItemInput[] = [];
  for (const id of evaluationIds) {
    const standing = (await finalVerdicts(scope, id)).filter((v) => v.label !== 'UNCERTAIN');
    const evaluation = evaluations.get(id);
    if (!evaluation || standing.length === 0) continue;
    items.push(await itemOf(scope, evaluation.content, id, standing));
  }
  if (items.length === 0) throw new ValidationError('no matched decision has a definite label', [{ path: 'filter', line: null, message: 'only UNCERTAIN verdicts' }]);
  return addDatasetItems(scope, { dataset: input.dataset, items });
}

async function matchingEvaluations(scope: Scope, filter: DecisionFilter): Promise<string[]> {
  const ids = new Set<string>();
  let after: string | null = null;
  do {
    const page = await decisions(scope, filter, { first: 500, after });
    for (const edge of page.edges) ids.add(edge.node.evaluation_id);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after && ids.size < MAX_DECISIONS);
  return [...ids].slice(0, MAX_DECISIONS);
}

async function itemOf(scope: Scope, content: string, evaluationId: string, standing: readonly VerdictRow[]): Promise<DatasetItemInput> {
  const labels: Record<string, number> = {};
  const verdicts = [];
  for (const verdict of standing) {
    const version = await getVersion(scope, verdict.policy_version_id);
    const policy = version ? await getPolicyById(scope, version.policy_id) : undefined;
    if (!policy) continue;
    labels[policy.slug] = verdict.label === 'VIOLATING' ? 1 : 0;
    verdicts.push({ verdictId: verdict.id, stage: verdict.stage, policyVersionId: verdict.policy_version_id, reviewer: verdict.reviewer });
  }
  const human = standing.some((v) => v.stage === 'HUMAN');
  return { content, labels, evaluationId, source: human ? 'REVIEW' : 'DECISION', provenance: { evaluationId, verdicts } };
}
