import { type Kysely, sql } from 'kysely';

// Human review and appeals (DESIGN §5): queues, leases, SLAs, decisions, appeal outcomes.
// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table review_items drop constraint review_items_status_check`.execute(db);
  await sql`update review_items set status = 'DECIDED' where status = 'RESOLVED'`.execute(db);
  await sql`alter table review_items add constraint review_items_status_check check (status in ('OPEN','CLAIMED','DECIDED'))`.execute(db);
  await db.schema.alterTable('review_items')
    .addColumn('queue', 'text', (c) => c.notNull().defaultTo('default'))
    .addColumn('severity', 'integer')
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('appeal_id', 'uuid', (c) => c.references('appeals.id'))
    .addColumn('decision_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('note', 'text')
    .execute();
  await sql`update review_items set due_at = created_at + interval '240 minutes' where due_at is null`.execute(db);
  await sql`alter table review_items alter column due_at set not null`.execute(db);
  // An evaluation has one review item of its own, and one more per appeal.
  await sql`alter table review_items drop constraint review_items_evaluation_key`.execute(db);
  await sql`create unique index review_items_evaluation_key on review_items (evaluation_id) where appeal_id is null`.execute(db);
  await sql`create unique index review_items_appeal_key on review_items (appeal_id) where appeal_id is not null`.execute(db);
  await db.schema.dropIndex('review_items_queue_idx').execute();
  await db.schema.createIndex('review_items_queue_idx').on('review_items')
    .columns(['tenant_id', 'queue', 'status', 'priority desc', 'created_at', 'id']).execute();

  await sql`alter table appeals drop constraint appeals_status_check`.execute(db);
  await sql`update appeals set status = 'DECIDED' where status in ('UPHELD','OVERTURNED')`.execute(db);
  await sql`update appeals set status = 'REASONING' where status = 'REEVALUATING'`.execute(db);
  await sql`alter table appeals add constraint appeals_status_check check (status in ('OPEN','REASONING','IN_REVIEW','DECIDED'))`.execute(db);
  await db.schema.alterTable('appeals')
    .addColumn('appellant', 'text')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('UPHELD','OVERTURNED')`))
    .addColumn('statement_of_reasons', 'text')
    // The standing verdicts the appeal contests: [{ policyVersionId, verdictId, label }].
    .addColumn('contested', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await sql`create unique index appeals_open_key on appeals (evaluation_id) where status <> 'DECIDED'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index appeals_open_key`.execute(db);
  await db.schema.alterTable('appeals').dropColumn('contested').dropColumn('statement_of_reasons').dropColumn('outcome').dropColumn('appellant').execute();
  await sql`alter table appeals drop constraint appeals_status_check`.execute(db);
  await sql`update appeals set status = 'UPHELD' where status = 'DECIDED'`.execute(db);
  await sql`update appeals set status = 'REEVALUATING' where status = 'REASONING'`.execute(db);
  await sql`alter table appeals add constraint appeals_status_check check (status in ('OPEN','REEVALUATING','IN_REVIEW','UPHELD','OVERTURNED'))`.execute(db);

  await db.schema.dropIndex('review_items_queue_idx').execute();
  await sql`delete from review_items where appeal_id is not null`.execute(db);
  await sql`drop index review_items_appeal_key`.execute(db);
  await sql`drop index review_items_evaluation_key`.execute(db);
  await sql`alter table review_items add constraint review_items_evaluation_key unique (evaluation_id)`.execute(db);
  await sql`alter table review_items alter column due_at drop not null`.execute(db);
  await db.schema.alterTable('review_items').dropColumn('note').dropColumn('decision_ids').dropColumn('appeal_id')
    .dropColumn('claimed_until').dropColumn('severity').dropColumn('queue').execute();
  await sql`alter table review_items drop constraint review_items_status_check`.execute(db);
  await sql`update review_items set status = 'RESOLVED' where status = 'DECIDED'`.execute(db);
  await sql`alter table review_items add constraint review_items_status_check check (status in ('OPEN','CLAIMED','RESOLVED'))`.execute(db);
  await db.schema.createIndex('review_items_queue_idx').on('review_items')
    .columns(['tenant_id', 'status', 'priority desc', 'created_at', 'id']).execute();
}
