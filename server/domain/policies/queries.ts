import type { PolicyRow, PolicyVersionRow } from '../../db/schema.js';
import { batchLoader, perTenant } from '../../db/batch.js';
import { decodeCursor, type Page, type PageArgs, pageSize, toPage } from '../../db/keyset.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { Scope } from '../scope.js';
import { diffContent } from './content.js';
import { cachedRef, rememberRef } from './ref-cache.js';
import * as repo from './repository.js';

export const getPolicy = (scope: Scope, slug: string): Promise<PolicyRow | undefined> =>
  repo.findPolicyBySlug(scope.db, { tenantId: scope.tenantId, slug });

// Batched so that a page of verdicts resolving their versions (and versions their policies) is one query each.
const policyLoader = perTenant((db: Scope['db'], tenantId: string) =>
  batchLoader(async (ids: readonly string[]) => new Map((await repo.findPoliciesByIds(db, { tenantId, ids })).map((row) => [row.id, row]))));
const versionLoader = perTenant((db: Scope['db'], tenantId: string) =>
  batchLoader(async (ids: readonly string[]) => new Map((await repo.findVersionsByIds(db, { tenantId, ids })).map((row) => [row.id, row]))));

export const getPolicyById = (scope: Scope, id: string): Promise<PolicyRow | undefined> => policyLoader(scope.db, scope.tenantId)(id);

export const getVersion = (scope: Scope, id: string): Promise<PolicyVersionRow | undefined> => versionLoader(scope.db, scope.tenantId)(id);

export const getPublishedVersion = (scope: Scope, policyId: string): Promise<PolicyVersionRow | undefined> =>
  repo.findPublishedVersion(scope.db, { tenantId: scope.tenantId, policyId });

export async function getLatestVersion(scope: Scope, policyId: string): Promise<PolicyVersionRow> {
  const version = await repo.findLatestVersion(scope.db, { tenantId: scope.tenantId, policyId });
  if (!version) throw new NotFoundError('policy version of policy', policyId);
  return version;
}

export async function listPolicies(scope: Scope, args: PageArgs): Promise<Page<PolicyRow>> {
  const limit = pageSize(args);
  const rows = await repo.listPolicies(scope.db, { tenantId: scope.tenantId, limit: limit + 1, after: decodeCursor(args.after, 'timestamp') });
  return toPage(rows, limit, args.after, (row) => ({ key: new Date(row.created_at).toISOString(), id: row.id }), () => repo.countPolicies(scope.db, { tenantId: scope.tenantId }));
}

export async function listVersions(scope: Scope, policyId: string, args: PageArgs): Promise<Page<PolicyVersionRow>> {
  const limit = pageSize(args);
  const rows = await repo.listVersions(scope.db, { tenantId: scope.tenantId, policyId, limit: limit + 1, after: decodeCursor(args.after, 'integer') });
  return toPage(rows, limit, args.after, (row) => ({ key: row.version, id: row.id }), () => repo.countVersions(scope.db, { tenantId: scope.tenantId, policyId }));
}

/** A unified diff between two versions of one policy, by version number. */
export async function diffVersions(scope: Scope, args: { readonly policyId: string; readonly from: number; readonly to: number }): Promise<string> {
  const [from, to] = await Promise.all([args.from, args.to].map((version) => repo.findVersion(scope.db, { tenantId: scope.tenantId, policyId: args.policyId, version })));
  if (!from) throw new NotFoundError('policy version', String(args.from));
  if (!to) throw new NotFoundError('policy version', String(args.to));
  return diffContent(from, to);
}

/** Resolves `evaluate`'s policy references: "spam" = the published version, "spam@3" = version 3 (published), in one query. */
export async function resolvePolicyRefs(scope: Scope, refs: readonly string[]): Promise<PolicyVersionRow[]> {
  if (refs.length === 0) throw new ValidationError('at least one policy is required', [{ path: 'policies', line: null, message: 'is empty' }]);
  const parsed = refs.map(parseRef);
  if (new Set(parsed.map((p) => p.slug)).size !== parsed.length) {
    throw new ValidationError('a policy may be named once per evaluation', [{ path: 'policies', line: null, message: refs.join(', ') }]);
  }
  const cached = refs.map((ref) => cachedRef(scope.tenantId, ref));
  if (cached.every((version) => version !== undefined)) return cached;
  const candidates = await repo.findEvaluableVersions(scope.db, { tenantId: scope.tenantId, slugs: parsed.map((p) => p.slug), pinned: parsed.flatMap((p) => (p.version === null ? [] : [p.version])) });
  for (const ref of parsed) {
    // Only on the error path: tell an unknown policy from one with nothing published.
    if (!candidates.some((c) => c.slug === ref.slug) && !(await repo.findPolicyBySlug(scope.db, { tenantId: scope.tenantId, slug: ref.slug }))) {
      throw new NotFoundError('policy', ref.slug);
    }
  }
  const versions = parsed.map((ref) => pick(ref, candidates.filter((c) => c.slug === ref.slug)));
  parsed.forEach((ref, i) => rememberRef(scope.tenantId, ref.ref, versions[i]!));
  return versions;
}

type PolicyRef = { readonly ref: string; readonly slug: string; readonly version: number | null };

function parseRef(ref: string): PolicyRef {
  const match = /^([a-z0-9][a-z0-9-]*)(?:@(\d+))?$/.exec(ref);
  if (!match) throw new ValidationError('invalid policy reference', [{ path: 'policies', line: null, message: `"${ref}" is not "slug" or "slug@version"` }]);
  return { ref, slug: match[1]!, version: match[2] ? Number(match[2]) : null };
}

function pick(ref: PolicyRef, versions: readonly (PolicyVersionRow & { slug: string })[]): PolicyVersionRow {
  const version = ref.version === null
    ? versions.filter((v) => v.status === 'PUBLISHED').sort((a, b) => b.version - a.version)[0]
    : versions.find((v) => v.version === ref.version);
  if (!version) throw new NotFoundError(ref.version === null ? 'published version of policy' : 'policy version', ref.ref);
  if (version.status !== 'PUBLISHED') throw new ValidationError('policy version not evaluable', [{ path: 'policies', line: null, message: `"${ref.ref}" is ${version.status}` }]);
  return version;
}
