import { type Kysely, sql } from 'kysely';

// Datasets gain versions and item sources; benchmark runs gain progress, kind and per-item results.
// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('datasets').addColumn('version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('dataset_items')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('IMPORT').check(sql`source in ('IMPORT','API','DECISION','REVIEW','APPEAL')`))
    .addColumn('added_in_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('evaluation_id', 'uuid', (c) => c.references('evaluations.id'))
    .addColumn('ordinal', 'bigserial')
    .execute();
  // Datasets imported before this migration were one add: version 1.
  await sql`update datasets set version = 1 where exists (select 1 from dataset_items i where i.dataset_id = datasets.id)`.execute(db);
  await db.schema.createIndex('dataset_items_ordinal_idx').on('dataset_items').columns(['tenant_id', 'dataset_id', 'ordinal']).execute();

  await sql`alter table benchmark_runs drop constraint if exists benchmark_runs_status_check`.execute(db);
  await db.schema.alterTable('benchmark_runs')
    .alterColumn('dataset_id', (c) => c.dropNotNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('BENCHMARK').check(sql`kind in ('BENCHMARK','REPLAY')`))
    .addColumn('dataset_version', 'integer')
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('started_at', 'timestamptz')
    .execute();
  await sql`update benchmark_runs set status = 'SUCCEEDED' where status = 'DONE'`.execute(db);
  await sql`alter table benchmark_runs add constraint benchmark_runs_status_v2_check
    check (status in ('QUEUED','RUNNING','SUCCEEDED','FAILED','CANCELLED'))`.execute(db);
  await db.schema.createIndex('benchmark_runs_tenant_idx').on('benchmark_runs').columns(['tenant_id', 'created_at', 'id']).execute();

  // One row per (item, repeat): what every policy version predicted. Never a verdict, never in the chain.
  await db.schema
    .createTable('benchmark_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('run_id', 'uuid', (c) => c.notNull().references('benchmark_runs.id'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('repeat', 'integer', (c) => c.notNull())
    .addColumn('dataset_item_id', 'uuid', (c) => c.references('dataset_items.id'))
    .addColumn('evaluation_id', 'uuid', (c) => c.references('evaluations.id'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('expected', 'jsonb', (c) => c.notNull())
    .addColumn('results', 'jsonb', (c) => c.notNull())
    .addColumn('mismatched', 'boolean', (c) => c.notNull())
    .addColumn('tokens', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('benchmark_items_run_item_key', ['run_id', 'ordinal', 'repeat'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('benchmark_items').execute();
  await db.schema.dropIndex('benchmark_runs_tenant_idx').execute();
  await sql`alter table benchmark_runs drop constraint benchmark_runs_status_v2_check`.execute(db);
  await sql`update benchmark_runs set status = 'DONE' where status = 'SUCCEEDED'`.execute(db);
  await sql`delete from benchmark_runs where dataset_id is null`.execute(db);
  await db.schema.alterTable('benchmark_runs').dropColumn('kind').dropColumn('dataset_version').dropColumn('done').dropColumn('total')
    .dropColumn('created_by').dropColumn('started_at').execute();
  await db.schema.alterTable('benchmark_runs').alterColumn('dataset_id', (c) => c.setNotNull()).execute();
  await sql`alter table benchmark_runs add constraint benchmark_runs_status_check
    check (status in ('QUEUED','RUNNING','DONE','FAILED','CANCELLED'))`.execute(db);
  await db.schema.dropIndex('dataset_items_ordinal_idx').execute();
  await db.schema.alterTable('dataset_items').dropColumn('source').dropColumn('added_in_version').dropColumn('evaluation_id').dropColumn('ordinal').execute();
  await db.schema.alterTable('datasets').dropColumn('version').execute();
}
