import { type Kysely, sql } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('policies')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('policies_tenant_slug_key', ['tenant_id', 'slug'])
    .execute();
  await db.schema.createIndex('policies_tenant_created_idx').on('policies').columns(['tenant_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('policy_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('policy_id', 'uuid', (c) => c.notNull().references('policies.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('DRAFT','PUBLISHED','RETIRED')`))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('rules', 'jsonb', (c) => c.notNull())
    .addColumn('triage', 'jsonb', (c) => c.notNull())
    .addColumn('review', 'jsonb', (c) => c.notNull())
    .addColumn('default_effort', 'text', (c) => c.notNull().check(sql`default_effort in ('LOW','MEDIUM','HIGH')`))
    .addColumn('changelog', 'text')
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addColumn('retired_at', 'timestamptz')
    .addUniqueConstraint('policy_versions_policy_version_key', ['policy_id', 'version'])
    .execute();
  await db.schema.createIndex('policy_versions_tenant_idx').on('policy_versions').columns(['tenant_id', 'policy_id', 'status']).execute();

  // The database itself keeps published text immutable: only the status may move forward.
  await sql`
    create function policy_versions_guard() returns trigger language plpgsql as $$
    begin
      if old.status <> 'DRAFT' and (new.content is distinct from old.content
          or new.content_sha256 is distinct from old.content_sha256 or new.rules is distinct from old.rules
          or new.version is distinct from old.version or new.policy_id is distinct from old.policy_id) then
        raise exception 'policy version % is % and immutable', old.id, old.status using errcode = 'P0001';
      end if;
      if old.status = 'RETIRED' and new.status <> 'RETIRED' then
        raise exception 'policy version % is retired', old.id using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger policy_versions_guard before update on policy_versions
    for each row execute function policy_versions_guard()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('policy_versions').execute();
  await sql`drop function policy_versions_guard()`.execute(db);
  await db.schema.dropTable('policies').execute();
  await db.schema.dropTable('tenants').execute();
}
