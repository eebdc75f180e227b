import type { PolicyVersionRow } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { findLatestVersion, findPolicyBySlug, findPublishedVersion, findVersion } from '../policies/repository.js';
import type { Scope } from '../scope.js';

/**
 * A benchmark's policy references: "slug@3" is version 3 whatever its status (DRAFT allowed);
 * "slug" is the published version, or the latest when nothing is published yet.
 */
export async function resolveBenchmarkRefs(scope: Scope, refs: readonly string[]): Promise<(PolicyVersionRow & { slug: string })[]> {
  if (refs.length === 0) throw new ValidationError('at least one policy is required', [{ path: 'policies', line: null, message: 'is empty' }]);
  const versions = [];
  for (const ref of refs) {
    const match = /^([a-z0-9][a-z0-9-]*)(?:@(\d+))?$/.exec(ref);
    if (!match) throw new ValidationError('invalid policy reference', [{ path: 'policies', line: null, message: `"${ref}" is not "slug" or "slug@version"` }]);
    const slug = match[1]!;
    const policy = await findPolicyBySlug(scope.db, { tenantId: scope.tenantId, slug });
    if (!policy) throw new NotFoundError('policy', slug);
    const args = { tenantId: scope.tenantId, policyId: policy.id };
    const version = match[2]
      ? await findVersion(scope.db, { ...args, version: Number(match[2]) })
      : (await findPublishedVersion(scope.db, args)) ?? (await findLatestVersion(scope.db, args));
    if (!version) throw new NotFoundError('policy version', ref);
    versions.push({ ...version, slug });
  }
  if (new Set(versions.map((v) => v.id)).size !== versions.length) {
    throw new ValidationError('a policy version may be named once per run', [{ path: 'policies', line: null, message: refs.join(', ') }]);
  }
  return versions;
}
