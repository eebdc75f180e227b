import { type Kysely, sql } from 'kysely';
import type { Database, EvaluationStatus, VerdictRow } from '../../db/schema.js';
import type { KeysetPosition } from '../../db/keyset.js';

/** DESIGN §7 `DecisionFilter`, with the policy slug/version already resolved to version ids. */
export interface DecisionQuery {
  readonly tenantId: string;
  /** Null: any version. An empty list matches nothing (an unknown slug or version). */
  readonly policyVersionIds: readonly string[] | null;
  readonly ruleId?: string | null;
  readonly label?: VerdictRow['label'] | null;
  readonly stage?: VerdictRow['stage'] | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
  readonly after: KeysetPosition | null;
  readonly limit: number;
}

/**
 * Verdicts newest first, keyset-paged on (created_at, id) so any page costs the same as the
 * first: the (tenant, policy version, created_at, id) index serves the common filter.
 */
export function listDecisions(db: Kysely<Database>, q: DecisionQuery): Promise<VerdictRow[]> {
  if (q.policyVersionIds?.length === 0) return Promise.resolve([]);
  let query = filtered(db, q).selectAll();
  if (q.after) query = query.where(sql<boolean>`(created_at, id) < (${new Date(q.after.key)}, ${q.after.id}::uuid)`);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}

/** How many verdicts match the filter (every page together). */
export async function countDecisions(db: Kysely<Database>, q: Omit<DecisionQuery, 'after' | 'limit'>): Promise<number> {
  if (q.policyVersionIds?.length === 0) return 0;
  const row = await filtered(db, q).select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

function filtered(db: Kysely<Database>, q: Omit<DecisionQuery, 'after' | 'limit'>) {
  let query = db.selectFrom('verdicts').where('tenant_id', '=', q.tenantId);
  if (q.policyVersionIds) query = query.where('policy_version_id', 'in', [...q.policyVersionIds]);
  if (q.ruleId) query = query.where(sql<boolean>`rule_ids @> array[${q.ruleId}]::text[]`);
  if (q.label) query = query.where('label', '=', q.label);
  if (q.stage) query = query.where('stage', '=', q.stage);
  if (q.from) query = query.where('created_at', '>=', q.from);
  if (q.to) query = query.where('created_at', '<', q.to);
  return query;
}

/** The version ids a slug (and optional version number) names in a tenant. */
export async function versionIdsFor(db: Kysely<Database>, args: { readonly tenantId: string; readonly slug: string; readonly version?: number | null }): Promise<string[]> {
  let query = db.selectFrom('policy_versions').innerJoin('policies', 'policies.id', 'policy_versions.policy_id').select('policy_versions.id')
    .where('policies.tenant_id', '=', args.tenantId).where('policies.slug', '=', args.slug);
  if (args.version !== null && args.version !== undefined) query = query.where('policy_versions.version', '=', args.version);
  return (await query.execute()).map((r) => r.id);
}

/** A reasoner or human decision with its content, for training triage models. */
export interface LabelledDecision {
  readonly verdictId: string;
  readonly evaluationId: string;
  readonly content: string;
  readonly label: 'VIOLATING' | 'NON_VIOLATING';
  readonly stage: 'REASONING' | 'HUMAN';
  readonly policyVersionId: string;
  /** The evaluation's status now: a machine verdict of an unreviewed ESCALATED one is no ground truth. */
  readonly evaluationStatus: EvaluationStatus;
  /** Codes of the validator findings on the verdict (hallucinated rule, inconsistency, …). */
  readonly findingCodes: readonly string[];
}

/** Every REASONING and HUMAN verdict with a definite label on the given versions, oldest first. */
export async function labelledDecisions(db: Kysely<Database>, args: { readonly tenantId: string; readonly policyVersionIds: readonly string[] }): Promise<LabelledDecision[]> {
  if (args.policyVersionIds.length === 0) return [];
  const rows = await db.selectFrom('verdicts').innerJoin('evaluations', 'evaluations.id', 'verdicts.evaluation_id')
    .select(['verdicts.id', 'verdicts.evaluation_id', 'evaluations.content', 'verdicts.label', 'verdicts.stage', 'verdicts.policy_version_id', 'evaluations.status', 'verdicts.findings'])
    .where('verdicts.tenant_id', '=', args.tenantId).where('verdicts.policy_version_id', 'in', [...args.policyVersionIds])
    .where('verdicts.stage', 'in', ['REASONING', 'HUMAN']).where('verdicts.label', 'in', ['VIOLATING', 'NON_VIOLATING'])
    .orderBy('verdicts.chain_seq').execute();
  return rows.map((r) => ({
    verdictId: r.id, evaluationId: r.evaluation_id, content: r.content, label: r.label as LabelledDecision['label'], stage: r.stage as LabelledDecision['stage'],
    policyVersionId: r.policy_version_id, evaluationStatus: r.status, findingCodes: (r.findings as unknown as { code: string }[]).map((f) => f.code),
  }));
}
