import { randomUUID } from 'node:crypto';
import type { PolicyRow, PolicyVersionRow } from '../../db/schema.js';
import { AlreadyExistsError, InvalidStateError, NotFoundError, ValidationError, VersionNotDraftError } from '../../errors.js';
import { appendAuditEvent } from '../audit/repository.js';
import { checkPublishGateFor } from '../benchmarks/gate.js';
import { isUniqueViolation, type Scope } from '../scope.js';
import { versionContent } from './content.js';
import { forgetPolicy } from './ref-cache.js';
import * as repo from './repository.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface CreatePolicyInput { readonly slug: string; readonly name: string; readonly content: string; readonly changelog?: string | null }
export interface CreateVersionInput { readonly slug: string; readonly content: string; readonly changelog?: string | null }

function checkSlug(slug: string): void {
  if (!SLUG.test(slug)) throw new ValidationError('invalid slug', [{ path: 'slug', line: null, message: `"${slug}" must be lower-case letters, digits and "-"` }]);
}

/** Creates a policy and its first version, as a DRAFT. */
export async function createPolicy(scope: Scope, input: CreatePolicyInput): Promise<{ policy: PolicyRow; version: PolicyVersionRow }> {
  checkSlug(input.slug);
  if (input.name.trim() === '') throw new ValidationError('invalid name', [{ path: 'name', line: null, message: 'must not be empty' }]);
  const content = versionContent(input.content, input.slug);
  try {
    return await scope.db.transaction().execute(async (trx) => {
      const now = new Date();
      const policy = await repo.insertPolicy(trx, { id: randomUUID(), tenant_id: scope.tenantId, slug: input.slug, name: input.name.trim(), created_by: scope.actor, created_at: now });
      const { document: _document, ...columns } = content;
      const version = await repo.insertVersion(trx, { id: randomUUID(), tenant_id: scope.tenantId, policy_id: policy.id, version: 1, status: 'DRAFT', ...columns, changelog: input.changelog ?? null, author: scope.actor, created_at: now });
      await audit(trx, scope, 'policy.created', policy.id, { slug: policy.slug, name: policy.name, versionId: version.id, contentSha256: version.content_sha256 });
      return { policy, version };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError('policy', input.slug);
    throw error;
  }
}

/** Adds the next version of a policy, as a DRAFT. */
export async function createPolicyVersion(scope: Scope, input: CreateVersionInput): Promise<PolicyVersionRow> {
  const policy = await requirePolicy(scope, input.slug);
  const { document: _document, ...columns } = versionContent(input.content, input.slug);
  return scope.db.transaction().execute(async (trx) => {
    // Lock the policy so two concurrent new versions get consecutive numbers.
    await trx.selectFrom('policies').select('id').where('id', '=', policy.id).forUpdate().execute();
    const latest = await repo.findLatestVersion(trx, { tenantId: scope.tenantId, policyId: policy.id });
    const version = await repo.insertVersion(trx, { id: randomUUID(), tenant_id: scope.tenantId, policy_id: policy.id, version: (latest?.version ?? 0) + 1, status: 'DRAFT', ...columns, changelog: input.changelog ?? null, author: scope.actor, created_at: new Date() });
    await audit(trx, scope, 'policy_version.created', version.id, { slug: policy.slug, version: version.version, contentSha256: version.content_sha256 });
    return version;
  });
}

/** Replaces a DRAFT version's content; a published or retired version is immutable (VERSION_NOT_DRAFT). */
export async function updatePolicyVersion(scope: Scope, input: { readonly id: string; readonly content: string; readonly changelog?: string | null }): Promise<PolicyVersionRow> {
  return scope.db.transaction().execute(async (trx) => {
    const current = await repo.lockVersion(trx, { tenantId: scope.tenantId, id: input.id });
    if (!current) throw new NotFoundError('policy version', input.id);
    if (current.status !== 'DRAFT') throw new VersionNotDraftError(current.id, current.status);
    const policy = await repo.findPolicyById(trx, { tenantId: scope.tenantId, id: current.policy_id });
    const { document: _document, ...columns } = versionContent(input.content, policy!.slug);
    const version = await repo.updateDraftVersion(trx, { tenantId: scope.tenantId, id: current.id, set: { ...columns, changelog: input.changelog ?? current.changelog } });
    await audit(trx, scope, 'policy_version.updated', version.id, { previousSha256: current.content_sha256, contentSha256: version.content_sha256 });
    return version;
  });
}

/** DRAFT → PUBLISHED: the version becomes what `evaluate` uses for its policy. */
export async function publishPolicyVersion(scope: Scope, id: string): Promise<PolicyVersionRow> {
  // Front matter `gate:` (DESIGN §5): GATE_FAILED unless a finished run meets it.
  await checkPublishGateFor(scope, id);
  return transition(scope, id, 'PUBLISHED', (status) => {
    if (status !== 'DRAFT') throw new VersionNotDraftError(id, status);
  });
}

/** PUBLISHED → RETIRED: the version can no longer be evaluated against; its verdicts stay. */
export function retirePolicyVersion(scope: Scope, id: string): Promise<PolicyVersionRow> {
  return transition(scope, id, 'RETIRED', (status) => {
    if (status !== 'PUBLISHED') throw new InvalidStateError(`policy version ${id} is ${status}; only a PUBLISHED version can be retired`);
  });
}

async function transition(scope: Scope, id: string, status: 'PUBLISHED' | 'RETIRED', check: (current: string) => void): Promise<PolicyVersionRow> {
  const changed = await scope.db.transaction().execute(async (trx) => {
    const current = await repo.lockVersion(trx, { tenantId: scope.tenantId, id });
    if (!current) throw new NotFoundError('policy version', id);
    check(current.status);
    const version = await repo.setVersionStatus(trx, { tenantId: scope.tenantId, id, status, at: new Date() });
    await audit(trx, scope, `policy_version.${status.toLowerCase()}`, id, { version: version.version, contentSha256: version.content_sha256 });
    return version;
  });
  // After the commit, so no evaluation can cache the old state again in between.
  const policy = await repo.findPolicyById(scope.db, { tenantId: scope.tenantId, id: changed.policy_id });
  if (policy) forgetPolicy(scope.tenantId, policy.slug);
  return changed;
}

export async function requirePolicy(scope: Scope, slug: string): Promise<PolicyRow> {
  const policy = await repo.findPolicyBySlug(scope.db, { tenantId: scope.tenantId, slug });
  if (!policy) throw new NotFoundError('policy', slug);
  return policy;
}

function audit(trx: Parameters<typeof appendAuditEvent>[0], scope: Scope, action: string, subjectId: string, data: Record<string, unknown>) {
  const subjectType = action.startsWith('policy_version') ? 'PolicyVersion' : 'Policy';
  return appendAuditEvent(trx, { tenantId: scope.tenantId, actor: scope.actor, action, subjectType, subjectId, data });
}
