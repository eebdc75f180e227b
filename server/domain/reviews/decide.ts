import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, EvaluationRow, PolicyVersionRow, StoredRule, VerdictRow } from '../../db/schema.js';
import { InvalidStateError, NotFoundError } from '../../errors.js';
import { appendAuditEvent } from '../audit/repository.js';
import { insertDatasetItems } from '../datasets/repository.js';
import { findEvaluation } from '../evaluations/repository.js';
import { transition } from '../../engine/lifecycle/transitions.js';
import { findVersionsWithSlugs } from '../policies/repository.js';
import type { Scope } from '../scope.js';
import { appendVerdict, listEvaluationVerdicts } from '../verdicts/repository.js';
import { decideAppeal } from './appeal-outcome.js';
import { holdsClaim } from './claims.js';
import type { ReviewDeps } from './deps.js';
import { NotClaimedError } from './errors.js';
import { announce } from './events.js';
import * as repo from './repository.js';
import type { ReviewItemRow } from './repository.js';
import { checkDecisions, type HumanDecision } from './rules.js';

type Version = PolicyVersionRow & { slug: string };

/** DESIGN §7 `DecideReviewItemInput`, with ids already resolved to rows' ids. */
export interface DecideInput {
  readonly id: string;
  readonly decisions: readonly HumanDecision[];
  readonly note?: string | null;
}

export interface Decided {
  readonly item: ReviewItemRow;
  readonly evaluation: EvaluationRow;
  readonly verdicts: readonly VerdictRow[];
}

/**
 * Records a reviewer's decision: one HUMAN verdict per policy version, appended to the hash chain
 * and superseding the machine verdict; the evaluation becomes DECIDED; each labelled decision
 * becomes a REVIEW item of the policy's review dataset; an audit link records it (and the appeal's
 * outcome, when the item is an appeal's). NOT_CLAIMED unless the caller holds a live claim.
 */
export async function decideReviewItem(scope: Scope, deps: ReviewDeps, input: DecideInput): Promise<Decided> {
  const decided = await scope.db.transaction().execute(async (trx) => {
    const item = await repo.findReviewItem(trx, { tenantId: scope.tenantId, id: input.id, lock: true });
    if (!item) throw new NotFoundError('review item', input.id);
    if (item.status === 'DECIDED') throw new InvalidStateError(`review item ${input.id} is already decided`);
    if (!holdsClaim(item, scope.actor)) throw new NotClaimedError(input.id);
    const evaluation = (await findEvaluation(trx, { tenantId: scope.tenantId, id: item.evaluation_id }))!;
    const versions = await findVersionsWithSlugs(trx, { tenantId: scope.tenantId, ids: evaluation.policy_version_ids });
    checkDecisions(versions, input.decisions);
    const before = await listEvaluationVerdicts(trx, { tenantId: scope.tenantId, evaluationId: evaluation.id });
    const verdicts = [];
    for (const decision of input.decisions) verdicts.push(await appendHumanVerdict(trx, scope, { evaluation, before, decision, versions }));
    return finishDecision(trx, scope, { item, evaluation, versions, before, verdicts, note: input.note ?? null });
  });
  announce(deps.bus, 'ReviewItemDecided', decided.item);
  return decided;
}

/** The machine verdict a human decision supersedes: the version's latest non-HUMAN verdict. */
const machineVerdict = (before: readonly VerdictRow[], versionId: string): VerdictRow | undefined =>
  before.filter((v) => v.policy_version_id === versionId && v.stage !== 'HUMAN').at(-1) ?? before.filter((v) => v.policy_version_id === versionId).at(-1);

async function appendHumanVerdict(trx: Transaction<Database>, scope: Scope, args: {
  evaluation: EvaluationRow; before: readonly VerdictRow[]; decision: HumanDecision; versions: readonly Version[];
}): Promise<VerdictRow> {
  const { decision } = args;
  const version = args.versions.find((v) => v.id === decision.policyVersionId)!;
  const ruleIds = [...new Set(decision.ruleIds ?? [])];
  const rules = (version.rules as unknown as StoredRule[]).filter((r) => ruleIds.includes(r.id));
  const worst = decision.label === 'VIOLATING' ? rules.reduce<StoredRule | null>((w, r) => (!w || r.severity > w.severity ? r : w), null) : null;
  return appendVerdict(trx, {
    tenant_id: scope.tenantId, evaluation_id: args.evaluation.id, policy_version_id: version.id, stage: 'HUMAN', label: decision.label,
    policy_category: ruleIds[0]?.split('.')[0] ?? null, rule_ids: ruleIds, confidence: null, severity: worst?.severity ?? null,
    recommended_action: worst?.action ?? null, rationale: decision.rationale ?? null, reasoning: null, reasoning_sha256: null, effort: null,
    usage: null, latency_ms: null, triage_score: null, evaluator: 'human',
    evaluator_identity: createHash('sha256').update(`human\n${scope.actor}`, 'utf8').digest('hex'), findings: [],
    reviewer: scope.actor, supersedes_id: machineVerdict(args.before, version.id)?.id ?? null,
  });
}

async function finishDecision(trx: Transaction<Database>, scope: Scope, args: {
  item: ReviewItemRow; evaluation: EvaluationRow; versions: readonly Version[]; before: readonly VerdictRow[]; verdicts: readonly VerdictRow[]; note: string | null;
}): Promise<Decided> {
  const { tenantId } = scope;
  const now = new Date();
  // Through the one state machine: ESCALATED or FAILED → DECIDED; an already DECIDED one (an appeal) stays.
  const evaluation = (await transition(trx, { tenantId, id: args.evaluation.id, to: 'DECIDED' })) ?? args.evaluation;
  const item = await repo.updateReviewItem(trx, { tenantId, id: args.item.id, set: {
    status: 'DECIDED', resolved_at: now, decision_ids: args.verdicts.map((v) => v.id), note: args.note, claimed_until: null,
  } });
  await addToReviewDatasets(trx, scope, { evaluation, versions: args.versions, verdicts: args.verdicts, item, at: now });
  const overturned = args.verdicts.filter((v) => {
    const machine = args.before.find((b) => b.id === v.supersedes_id);
    return machine !== undefined && machine.label !== v.label;
  }).map((v) => v.policy_version_id);
  await appendAuditEvent(trx, { tenantId, actor: scope.actor, action: 'review.decided', subjectType: 'ReviewItem', subjectId: item.id, data: {
    evaluationId: evaluation.id, verdictIds: args.verdicts.map((v) => v.id), overturnedPolicyVersionIds: overturned, appealId: item.appeal_id,
  } });
  if (item.appeal_id) {
    await decideAppeal(trx, scope, { appealId: item.appeal_id, versions: args.versions, before: args.before, verdicts: args.verdicts, at: now });
  }
  return { item, evaluation, verdicts: args.verdicts };
}

/** Each labelled human decision becomes an item of the policy's `review-<slug>` dataset, with its provenance. */
async function addToReviewDatasets(trx: Transaction<Database>, scope: Scope, args: {
  evaluation: EvaluationRow; versions: readonly Version[]; verdicts: readonly VerdictRow[]; item: ReviewItemRow; at: Date;
}): Promise<void> {
  for (const verdict of args.verdicts) {
    if (verdict.label === 'UNCERTAIN') continue;
    const version = args.versions.find((v) => v.id === verdict.policy_version_id)!;
    const name = `review-${version.slug}`;
    const dataset = await repo.ensureDataset(trx, { tenantId: scope.tenantId, name, description: `Human review decisions on ${version.slug}` });
    await insertDatasetItems(trx, { tenantId: scope.tenantId, datasetId: dataset.id, items: [{
      content: args.evaluation.content, labels: { [version.slug]: verdict.label === 'VIOLATING' ? 1 : 0 },
      provenance: {
        source: 'REVIEW', reviewer: scope.actor, policyVersionId: version.id, policySlug: version.slug, policyVersion: version.version,
        decidedAt: args.at.toISOString(), evaluationId: args.evaluation.id, reviewItemId: args.item.id, verdictId: verdict.id, ruleIds: verdict.rule_ids,
      },
    }] });
  }
}
