import { type Kysely, sql } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('evaluation_id', 'uuid', (c) => c.notNull().references('evaluations.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('OPEN','CLAIMED','RESOLVED')`))
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('assignee', 'text')
    .addColumn('due_at', 'timestamptz')
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('review_items_evaluation_key', ['evaluation_id'])
    .execute();
  await db.schema.createIndex('review_items_queue_idx').on('review_items')
    .columns(['tenant_id', 'status', 'priority desc', 'created_at', 'id']).execute();

  await db.schema
    .createTable('appeals')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('evaluation_id', 'uuid', (c) => c.notNull().references('evaluations.id'))
    .addColumn('verdict_id', 'uuid', (c) => c.references('verdicts.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('OPEN','REEVALUATING','IN_REVIEW','UPHELD','OVERTURNED')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('resolved_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('appeals_tenant_idx').on('appeals').columns(['tenant_id', 'status', 'created_at']).execute();

  await db.schema
    .createTable('datasets')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('datasets_tenant_name_key', ['tenant_id', 'name'])
    .execute();
  await db.schema
    .createTable('dataset_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('dataset_id', 'uuid', (c) => c.notNull().references('datasets.id'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('labels', 'jsonb', (c) => c.notNull())
    // Where the label came from: an import (file, line), a reasoner verdict, or a human reviewer.
    .addColumn('provenance', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('dataset_items_dataset_idx').on('dataset_items').columns(['tenant_id', 'dataset_id', 'id']).execute();

  await db.schema
    .createTable('benchmark_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('dataset_id', 'uuid', (c) => c.notNull().references('datasets.id'))
    .addColumn('policy_version_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('evaluator_config', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('QUEUED','RUNNING','DONE','FAILED','CANCELLED')`))
    .addColumn('metrics', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('triage_models')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('policy_id', 'uuid', (c) => c.notNull().references('policies.id'))
    .addColumn('policy_version_id', 'uuid', (c) => c.notNull().references('policy_versions.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('TRAINING','READY','FAILED')`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('training_source', 'jsonb', (c) => c.notNull())
    .addColumn('onnx', 'bytea')
    .addColumn('onnx_sha256', 'text')
    .addColumn('feature_config', 'jsonb')
    .addColumn('thresholds', 'jsonb')
    .addColumn('metrics', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addUniqueConstraint('triage_models_policy_version_key', ['policy_id', 'version'])
    .execute();
  await db.schema.createIndex('triage_models_active_idx').on('triage_models').columns(['tenant_id', 'policy_id', 'active']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['triage_models', 'benchmark_runs', 'dataset_items', 'datasets', 'appeals', 'review_items']) {
    await db.schema.dropTable(table).execute();
  }
}
