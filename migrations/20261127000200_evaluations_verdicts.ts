import { type Kysely, sql } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('QUEUED','TRIAGE','REASONING','DECIDED','ESCALATED','FAILED','CANCELLED')`))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('policy_version_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('requested_effort', 'text')
    .addColumn('effort', 'text')
    .addColumn('effort_reason', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('metadata', 'jsonb')
    .addColumn('escalation_reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addUniqueConstraint('evaluations_tenant_idempotency_key', ['tenant_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('evaluations_tenant_created_idx').on('evaluations').columns(['tenant_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('evaluations_tenant_status_idx').on('evaluations').columns(['tenant_id', 'status']).execute();

  // Every event of an evaluation, in gap-free `seq` order: replayed to late subscribers.
  await db.schema
    .createTable('evaluation_events')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('evaluation_id', 'uuid', (c) => c.notNull().references('evaluations.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('evaluation_events_pkey', ['evaluation_id', 'seq'])
    .execute();

  await db.schema
    .createTable('verdicts')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('evaluation_id', 'uuid', (c) => c.notNull().references('evaluations.id'))
    .addColumn('policy_version_id', 'uuid', (c) => c.notNull().references('policy_versions.id'))
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('TRIAGE','REASONING','HUMAN')`))
    .addColumn('label', 'text', (c) => c.notNull().check(sql`label in ('VIOLATING','NON_VIOLATING','UNCERTAIN')`))
    .addColumn('policy_category', 'text')
    .addColumn('rule_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('confidence', 'text')
    .addColumn('severity', 'integer')
    .addColumn('recommended_action', 'text')
    .addColumn('rationale', 'text')
    .addColumn('reasoning', 'text')
    .addColumn('reasoning_sha256', 'text')
    .addColumn('effort', 'text')
    .addColumn('usage', 'jsonb')
    .addColumn('latency_ms', 'integer')
    .addColumn('triage_score', 'double precision')
    .addColumn('evaluator', 'text', (c) => c.notNull())
    .addColumn('evaluator_identity', 'text', (c) => c.notNull())
    .addColumn('findings', 'jsonb', (c) => c.notNull())
    .addColumn('reviewer', 'text')
    .addColumn('supersedes_id', 'uuid', (c) => c.references('verdicts.id'))
    .addColumn('chain_seq', 'bigint', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('verdicts_tenant_chain_key', ['tenant_id', 'chain_seq'])
    .execute();
  // Decision history: by policy version (and rule, label, stage) over time, newest first, keyset on (created_at, id).
  await db.schema.createIndex('verdicts_version_time_idx').on('verdicts')
    .columns(['tenant_id', 'policy_version_id', 'created_at desc', 'id desc']).execute();
  await db.schema.createIndex('verdicts_tenant_time_idx').on('verdicts').columns(['tenant_id', 'created_at desc', 'id desc']).execute();
  await db.schema.createIndex('verdicts_rule_ids_idx').on('verdicts').using('gin').column('rule_ids').execute();
  await db.schema.createIndex('verdicts_evaluation_idx').on('verdicts').columns(['evaluation_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('verdicts').execute();
  await db.schema.dropTable('evaluation_events').execute();
  await db.schema.dropTable('evaluations').execute();
}
