import type { Kysely, Transaction } from 'kysely';
import type { Database, PolicyRow, PolicyVersionRow, PolicyVersionsTable } from '../../db/schema.js';
import type { KeysetPosition } from '../../db/keyset.js';
import type { Insertable } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;
type Scope = { readonly tenantId: string };

export function findPolicyBySlug(db: Db, args: Scope & { readonly slug: string }): Promise<PolicyRow | undefined> {
  return db.selectFrom('policies').selectAll().where('tenant_id', '=', args.tenantId).where('slug', '=', args.slug).executeTakeFirst();
}

export function findPolicyById(db: Db, args: Scope & { readonly id: string }): Promise<PolicyRow | undefined> {
  return db.selectFrom('policies').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).executeTakeFirst();
}

/** Policies in creation order, `limit` rows after `after`. */
export function listPolicies(db: Db, args: Scope & { readonly limit: number; readonly after: KeysetPosition | null }): Promise<PolicyRow[]> {
  let query = db.selectFrom('policies').selectAll().where('tenant_id', '=', args.tenantId);
  if (args.after) {
    const { key, id } = args.after;
    query = query.where((eb) => eb.or([eb('created_at', '>', new Date(key)), eb.and([eb('created_at', '=', new Date(key)), eb('id', '>', id)])]));
  }
  return query.orderBy('created_at').orderBy('id').limit(args.limit).execute();
}

/** How many policies the tenant has. */
export async function countPolicies(db: Db, args: Scope): Promise<number> {
  const row = await db.selectFrom('policies').select((eb) => eb.fn.countAll<string | number>().as('count')).where('tenant_id', '=', args.tenantId).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertPolicy(db: Db, row: { id: string; tenant_id: string; slug: string; name: string; created_by: string; created_at: Date }): Promise<PolicyRow> {
  return db.insertInto('policies').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Locks a version row for a status change in the caller's transaction. */
export function lockVersion(db: Transaction<Database>, args: Scope & { readonly id: string }): Promise<PolicyVersionRow | undefined> {
  return db.selectFrom('policy_versions').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).forUpdate().executeTakeFirst();
}

export function findVersionsByIds(db: Db, args: Scope & { readonly ids: readonly string[] }): Promise<PolicyVersionRow[]> {
  if (args.ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('policy_versions').selectAll().where('tenant_id', '=', args.tenantId).where('id', 'in', [...args.ids]).execute();
}

export function findVersion(db: Db, args: Scope & { readonly policyId: string; readonly version: number }): Promise<PolicyVersionRow | undefined> {
  return db.selectFrom('policy_versions').selectAll().where('tenant_id', '=', args.tenantId)
    .where('policy_id', '=', args.policyId).where('version', '=', args.version).executeTakeFirst();
}

/** The newest PUBLISHED version of a policy: what `evaluate` uses unless a version is pinned. */
export function findPublishedVersion(db: Db, args: Scope & { readonly policyId: string }): Promise<PolicyVersionRow | undefined> {
  return db.selectFrom('policy_versions').selectAll().where('tenant_id', '=', args.tenantId).where('policy_id', '=', args.policyId)
    .where('status', '=', 'PUBLISHED').orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export function findLatestVersion(db: Db, args: Scope & { readonly policyId: string }): Promise<PolicyVersionRow | undefined> {
  return db.selectFrom('policy_versions').selectAll().where('tenant_id', '=', args.tenantId).where('policy_id', '=', args.policyId)
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** Versions newest first, keyset on the version number. */
export function listVersions(db: Db, args: Scope & { readonly policyId: string; readonly limit: number; readonly after: KeysetPosition | null }): Promise<PolicyVersionRow[]> {
  let query = db.selectFrom('policy_versions').selectAll().where('tenant_id', '=', args.tenantId).where('policy_id', '=', args.policyId);
  if (args.after) query = query.where('version', '<', Number(args.after.key));
  return query.orderBy('version', 'desc').limit(args.limit).execute();
}

/** How many versions a policy has. */
export async function countVersions(db: Db, args: Scope & { readonly policyId: string }): Promise<number> {
  const row = await db.selectFrom('policy_versions').select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('tenant_id', '=', args.tenantId).where('policy_id', '=', args.policyId).executeTakeFirstOrThrow();
  return Number(row.count);
}

export function insertVersion(db: Db, row: Insertable<PolicyVersionsTable>): Promise<PolicyVersionRow> {
  return db.insertInto('policy_versions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateDraftVersion(db: Db, args: Scope & { readonly id: string; readonly set: Partial<Insertable<PolicyVersionsTable>> }): Promise<PolicyVersionRow> {
  return db.updateTable('policy_versions').set(args.set).where('tenant_id', '=', args.tenantId).where('id', '=', args.id)
    .where('status', '=', 'DRAFT').returningAll().executeTakeFirstOrThrow();
}

export function setVersionStatus(db: Db, args: Scope & { readonly id: string; readonly status: 'PUBLISHED' | 'RETIRED'; readonly at: Date }): Promise<PolicyVersionRow> {
  const stamp = args.status === 'PUBLISHED' ? { published_at: args.at } : { retired_at: args.at };
  return db.updateTable('policy_versions').set({ status: args.status, ...stamp }).where('tenant_id', '=', args.tenantId)
    .where('id', '=', args.id).returningAll().executeTakeFirstOrThrow();
}

/** Versions by id with their policy's slug, for the engine. */
export function findVersionsWithSlugs(db: Db, args: Scope & { readonly ids: readonly string[] }): Promise<(PolicyVersionRow & { slug: string })[]> {
  if (args.ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('policy_versions').innerJoin('policies', 'policies.id', 'policy_versions.policy_id')
    .selectAll('policy_versions').select('policies.slug').where('policy_versions.tenant_id', '=', args.tenantId)
    .where('policy_versions.id', 'in', [...args.ids]).execute();
}

/**
 * In one query, every version `evaluate` could mean by these slugs: the published ones and the
 * pinned numbers (whatever their status, so a retired pin gets a clear error).
 */
export function findEvaluableVersions(db: Db, args: Scope & { readonly slugs: readonly string[]; readonly pinned: readonly number[] }): Promise<(PolicyVersionRow & { slug: string })[]> {
  return db.selectFrom('policy_versions').innerJoin('policies', 'policies.id', 'policy_versions.policy_id')
    .selectAll('policy_versions').select('policies.slug').where('policies.tenant_id', '=', args.tenantId).where('policies.slug', 'in', [...args.slugs])
    .where((eb) => (args.pinned.length > 0 ? eb.or([eb('policy_versions.status', '=', 'PUBLISHED'), eb('policy_versions.version', 'in', [...args.pinned])]) : eb('policy_versions.status', '=', 'PUBLISHED')))
    .execute();
}

export function findPoliciesByIds(db: Db, args: Scope & { readonly ids: readonly string[] }): Promise<PolicyRow[]> {
  return db.selectFrom('policies').selectAll().where('tenant_id', '=', args.tenantId).where('id', 'in', [...args.ids]).execute();
}
