import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

type Scope = { readonly tenantId: string };

/** The window and policy a stats question is about. */
export interface StatsWindow extends Scope {
  readonly policySlug: string | null;
  readonly from: Date | null;
  readonly to: Date | null;
  readonly now: Date;
}

const policyClause = (w: StatsWindow) => (w.policySlug === null ? sql`true` : sql`exists (
  select 1 from evaluations e join policy_versions pv on pv.id = any(e.policy_version_ids) join policies p on p.id = pv.policy_id
  where e.id = r.evaluation_id and e.tenant_id = ${w.tenantId} and p.slug = ${w.policySlug})`);
const verdictOfPolicy = (w: StatsWindow) => (w.policySlug === null ? sql`true` : sql`exists (
  select 1 from policy_versions pv join policies p on p.id = pv.policy_id
  where pv.id = h.policy_version_id and pv.tenant_id = ${w.tenantId} and p.slug = ${w.policySlug})`);
const decidedIn = (w: StatsWindow) => sql`r.status = 'DECIDED' and (${w.from}::timestamptz is null or r.resolved_at >= ${w.from})
  and (${w.to}::timestamptz is null or r.resolved_at < ${w.to})`;

/** Counts of the queue as it is now, and of the items decided in the window, with the median time to decision. */
export async function reviewCounts(db: Kysely<Database>, w: StatsWindow) {
  const { rows } = await sql<{ open: string; claimed: string; overdue: string; decided: string; median: number | null }>`
    select count(*) filter (where r.status = 'OPEN') as open,
           count(*) filter (where r.status = 'CLAIMED') as claimed,
           count(*) filter (where r.status <> 'DECIDED' and r.due_at < ${w.now}) as overdue,
           count(*) filter (where ${decidedIn(w)}) as decided,
           percentile_cont(0.5) within group (order by extract(epoch from r.resolved_at - r.created_at) / 60.0)
             filter (where ${decidedIn(w)}) as median
    from review_items r where r.tenant_id = ${w.tenantId} and ${policyClause(w)}`.execute(db);
  const row = rows[0]!;
  return {
    open: Number(row.open), claimed: Number(row.claimed), overdue: Number(row.overdue), decided: Number(row.decided),
    median: row.median === null ? null : Number(row.median),
  };
}

/** One HUMAN verdict of an item decided in the window, with the label and rules of the verdict it superseded. */
export interface ReviewedVerdict {
  readonly item_id: string;
  readonly label: string;
  readonly rule_ids: string[];
  readonly machine_label: string | null;
  readonly machine_rule_ids: string[] | null;
}

export async function reviewedVerdicts(db: Kysely<Database>, w: StatsWindow): Promise<ReviewedVerdict[]> {
  const { rows } = await sql<ReviewedVerdict>`
    select r.id as item_id, h.label, h.rule_ids, m.label as machine_label, m.rule_ids as machine_rule_ids
    from review_items r join verdicts h on h.id = any(r.decision_ids) and h.tenant_id = r.tenant_id
    left join verdicts m on m.id = h.supersedes_id and m.tenant_id = h.tenant_id
    where r.tenant_id = ${w.tenantId} and ${decidedIn(w)} and ${policyClause(w)} and ${verdictOfPolicy(w)}`.execute(db);
  return rows;
}
