import { type Kysely, sql } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
// event_seq_reserved: the highest event seq any writer may have published (allocated in blocks before use),
//   so a writer that starts after a crash never reuses a seq a subscriber already saw.
// lease_until: the running worker's keepalive; a job whose lease ran out belongs to a dead worker.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evaluations').addColumn('event_seq_reserved', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('evaluations').addColumn('lease_until', 'timestamptz').execute();
  await sql`create index evaluations_lease_idx on evaluations (lease_until) where lease_until is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists evaluations_lease_idx`.execute(db);
  await db.schema.alterTable('evaluations').dropColumn('lease_until').execute();
  await db.schema.alterTable('evaluations').dropColumn('event_seq_reserved').execute();
}
