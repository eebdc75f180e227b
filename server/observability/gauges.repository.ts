import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Counts the gauges read at scrape time, over all tenants (no tenant appears in a metric). */
export async function queueFigures(db: Kysely<Database>, queue: string): Promise<{ waiting: number; active: number; oldestSeconds: number }> {
  const { rows } = await sql<{ waiting: number | string; active: number | string; oldest: number | string | null }>`
    select count(*) filter (where state in ('created', 'retry')) as waiting,
           count(*) filter (where state = 'active') as active,
           extract(epoch from now() - min(created_on) filter (where state in ('created', 'retry'))) as oldest
    from pgboss.job where name = ${queue} and state < 'completed'`.execute(db);
  const row = rows[0];
  return { waiting: Number(row?.waiting ?? 0), active: Number(row?.active ?? 0), oldestSeconds: Number(row?.oldest ?? 0) };
}

export async function reviewFigures(db: Kysely<Database>): Promise<{ open: number; claimed: number; overdue: number }> {
  const row = await db.selectFrom('review_items')
    .select([
      sql<number>`count(*) filter (where status = 'OPEN')`.as('open'),
      sql<number>`count(*) filter (where status = 'CLAIMED')`.as('claimed'),
      sql<number>`count(*) filter (where due_at < now())`.as('overdue'),
    ])
    .where('status', '<>', 'DECIDED').executeTakeFirst();
  return { open: Number(row?.open ?? 0), claimed: Number(row?.claimed ?? 0), overdue: Number(row?.overdue ?? 0) };
}

/** Evaluations not yet finished, by status (QUEUED, TRIAGE, REASONING). */
export async function unfinishedEvaluations(db: Kysely<Database>): Promise<{ status: string; count: number }[]> {
  const rows = await db.selectFrom('evaluations').select(['status', sql<number>`count(*)`.as('count')])
    .where('status', 'in', ['QUEUED', 'TRIAGE', 'REASONING']).groupBy('status').execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
}
