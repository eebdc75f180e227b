import { type Kysely, sql } from 'kysely';

// Issue 9: versioned link hashes, a guarded chain head, signed checkpoints and frozen published versions.
// Frozen once landed: add a new migration instead of editing this one.
const CHAINS = ['verdicts', 'audit_events'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of CHAINS) {
    // Every existing link was hashed with scheme 1; new links must name their scheme explicitly.
    await sql`alter table ${sql.table(table)} add column hash_version smallint not null default 1`.execute(db);
    await sql`alter table ${sql.table(table)} alter column hash_version drop default`.execute(db);
  }
  await createCheckpoints(db);
  await guardChainHeads(db);
  await freezePolicyVersions(db);
  await freezeEvaluationContent(db);
}

async function createCheckpoints(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('chain', 'text', (c) => c.notNull().check(sql`chain in ('verdicts','audit_events')`))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('audit_checkpoints_tenant_chain_seq_key', ['tenant_id', 'chain', 'seq'])
    .execute();
  await db.schema.createIndex('audit_checkpoints_tenant_created_idx').on('audit_checkpoints').columns(['tenant_id', 'created_at', 'id']).execute();
  await sql`create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
    for each row execute function refuse_change()`.execute(db);
  await sql`create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
    for each statement execute function refuse_change()`.execute(db);
}

/**
 * The head only moves by inserting the next link: an AFTER INSERT trigger on each chain table
 * advances it, and the guard refuses any other change (a rewind, a jump, a delete).
 */
async function guardChainHeads(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function chain_heads_guard() returns trigger language plpgsql as $$
    declare linked boolean;
    begin
      if tg_op = 'DELETE' then
        raise exception 'chain head of % is guarded: DELETE refused', old.chain using errcode = 'P0001';
      end if;
      if tg_op = 'INSERT' then
        if new.seq <> 0 or new.hash <> repeat('0', 64) then
          raise exception 'a chain head starts at seq 0 and the genesis hash' using errcode = 'P0001';
        end if;
        return new;
      end if;
      if new.tenant_id <> old.tenant_id or new.chain <> old.chain then
        raise exception 'chain head of % is guarded: re-keying refused', old.chain using errcode = 'P0001';
      end if;
      if new.seq = old.seq and new.hash = old.hash then
        return new;
      end if;
      if new.seq <> old.seq + 1 then
        raise exception 'chain head of % only advances by one link (% -> % refused)', old.chain, old.seq, new.seq using errcode = 'P0001';
      end if;
      execute format('select exists (select 1 from %I where tenant_id = $1 and chain_seq = $2 and hash = $3 and prev_hash = $4)', old.chain)
        into linked using old.tenant_id, new.seq, new.hash, old.hash;
      if not linked then
        raise exception 'chain head of % must point at the link just appended', old.chain using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger chain_heads_guard before insert or update or delete on chain_heads
    for each row execute function chain_heads_guard()`.execute(db);
  await sql`create trigger chain_heads_no_truncate before truncate on chain_heads
    for each statement execute function refuse_change()`.execute(db);
  await sql`
    create function chain_advance_head() returns trigger language plpgsql as $$
    begin
      update chain_heads set seq = new.chain_seq, hash = new.hash
        where tenant_id = new.tenant_id and chain = tg_table_name and seq = new.chain_seq - 1 and hash = new.prev_hash;
      if not found then
        raise exception '% link % does not extend the chain head', tg_table_name, new.chain_seq using errcode = 'P0001';
      end if;
      return null;
    end $$`.execute(db);
  for (const table of CHAINS) {
    await sql`create trigger ${sql.raw(`${table}_advance_head`)} after insert on ${sql.table(table)}
      for each row execute function chain_advance_head()`.execute(db);
  }
}

/**
 * A version that left DRAFT is frozen in every column (present and future: the row is compared
 * as a whole), and its status only moves forward: DRAFT -> PUBLISHED -> RETIRED.
 */
async function freezePolicyVersions(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function policy_versions_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.status <> 'DRAFT' then
          raise exception 'policy version % is % and immutable: DELETE refused', old.id, old.status using errcode = 'P0001';
        end if;
        return old;
      end if;
      if not ((old.status = new.status) or (old.status = 'DRAFT' and new.status = 'PUBLISHED')
          or (old.status = 'PUBLISHED' and new.status = 'RETIRED')) then
        raise exception 'policy version % status only moves forward (% -> % refused)', old.id, old.status, new.status using errcode = 'P0001';
      end if;
      if old.status <> 'DRAFT' and (to_jsonb(new) - 'status' - 'retired_at') is distinct from (to_jsonb(old) - 'status' - 'retired_at') then
        raise exception 'policy version % is % and immutable', old.id, old.status using errcode = 'P0001';
      end if;
      if old.status = new.status and new.retired_at is distinct from old.retired_at and old.status <> 'DRAFT' then
        raise exception 'policy version % is % and immutable', old.id, old.status using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger policy_versions_no_delete before delete on policy_versions
    for each row execute function policy_versions_guard()`.execute(db);
}

/** The submitted content (and its hash, which the audit chain records) never changes after submit. */
async function freezeEvaluationContent(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function evaluations_content_guard() returns trigger language plpgsql as $$
    begin
      if new.content is distinct from old.content or new.content_sha256 is distinct from old.content_sha256
          or new.tenant_id is distinct from old.tenant_id or new.id is distinct from old.id then
        raise exception 'evaluation % content is immutable', old.id using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger evaluations_content_guard before update on evaluations
    for each row execute function evaluations_content_guard()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger evaluations_content_guard on evaluations`.execute(db);
  await sql`drop function evaluations_content_guard()`.execute(db);
  await sql`drop trigger policy_versions_no_delete on policy_versions`.execute(db);
  // The guard of 20261127000100, as it was.
  await sql`
    create or replace function policy_versions_guard() returns trigger language plpgsql as $$
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
  for (const table of CHAINS) await sql`drop trigger ${sql.raw(`${table}_advance_head`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function chain_advance_head()`.execute(db);
  await sql`drop trigger chain_heads_no_truncate on chain_heads`.execute(db);
  await sql`drop trigger chain_heads_guard on chain_heads`.execute(db);
  await sql`drop function chain_heads_guard()`.execute(db);
  await db.schema.dropTable('audit_checkpoints').execute();
  for (const table of CHAINS) await sql`alter table ${sql.table(table)} drop column hash_version`.execute(db);
}
