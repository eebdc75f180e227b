import type { PolicyVersionRow, StoredRule } from '../server/db/schema.js';
import { scopeOf } from '../server/context.js';
import { lintContent } from '../server/domain/policies/content.js';
import { getPolicyById, getVersion } from '../server/domain/policies/queries.js';
import { createPolicyVersion, publishPolicyVersion, retirePolicyVersion, updatePolicyVersion } from '../server/domain/policies/service.js';
import { GateFailedError } from '../server/domain/benchmarks/gate.js';
import { builder } from './builder.js';
import { InvalidStateError, NotFoundError, ValidationError, VersionNotDraftError } from './errors.js';
import { PolicyVersionStatusEnum, ReasoningEffortEnum } from './enums.js';
import { FindingRef } from './finding.js';
import { rowId } from './ids.js';
import { PolicyRef, PolicyVersionRef } from './refs.js';

const PolicyRuleRef = builder.objectRef<StoredRule>('PolicyRule').implement({
  description: "One rule of a policy version, from its front matter (the id also appears in the body).",
  fields: (t) => ({ id: t.exposeString('id'), title: t.exposeString('title'), severity: t.exposeInt('severity'), action: t.exposeString('action') }),
});

builder.node(PolicyVersionRef, {
  description: 'One numbered version of a policy. Immutable once PUBLISHED.',
  id: { resolve: (v) => v.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'content_sha256' in value && 'default_effort' in value,
  loadOne: (id, context) => (context.scope ? getVersion(context.scope, id) : null),
  authScopes: { authenticated: true },
  fields: (t) => ({
    policy: t.field({ type: PolicyRef, resolve: async (v, _, c) => (await getPolicyById(scopeOf(c), v.policy_id))! }),
    version: t.exposeInt('version'),
    status: t.field({ type: PolicyVersionStatusEnum, resolve: (v) => v.status }),
    content: t.exposeString('content'),
    contentSha256: t.exposeString('content_sha256'),
    changelog: t.exposeString('changelog', { nullable: true }),
    author: t.exposeString('author'),
    rules: t.field({ type: [PolicyRuleRef], resolve: (v) => v.rules }),
    defaultEffort: t.field({ type: ReasoningEffortEnum, resolve: (v) => v.default_effort }),
    triage: t.field({ type: 'JSON', nullable: true, description: 'The parsed `triage` front matter (null without one).', resolve: (v) => v.triage }),
    lint: t.field({ type: [FindingRef], resolve: (v) => lintContent(v.content) }),
    createdAt: t.field({ type: 'DateTime', resolve: (v) => v.created_at }),
    publishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.published_at }),
    retiredAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.retired_at }),
  }),
});

builder.queryField('policyVersion', (t) =>
  t.field({
    type: PolicyVersionRef,
    nullable: true,
    description: 'A policy version by id; null when the tenant has none with it.',
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true, description: 'The PolicyVersion global id.' }) },
    resolve: async (_, { id }, c) => (await getVersion(scopeOf(c), rowId(String(id), 'PolicyVersion'))) ?? null,
  }),
);

const VersionSuccess = (name: string) =>
  builder.objectRef<{ version: PolicyVersionRow }>(name).implement({ description: 'The policy version the mutation wrote.', fields: (t) => ({ version: t.field({ type: PolicyVersionRef, resolve: (r) => r.version }) }) });

const CreatePolicyVersionInput = builder.inputType('CreatePolicyVersionInput', {
  description: 'The next version of an existing policy.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'The policy slug.' }),
    content: t.string({ required: true, description: 'Markdown with YAML front matter.' }),
    changelog: t.string({ description: 'What this version changes.' }),
  }),
});
const UpdatePolicyVersionInput = builder.inputType('UpdatePolicyVersionInput', {
  description: 'New content for a DRAFT version.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The PolicyVersion global id.' }),
    content: t.string({ required: true, description: 'Markdown with YAML front matter.' }),
    changelog: t.string({ description: 'What this version changes.' }),
  }),
});

const writeErrors = [ValidationError, NotFoundError, VersionNotDraftError, InvalidStateError];
const errors = (name: string) => ({ types: writeErrors, directResult: true as const, union: { name, description: `The ${name.replace('Payload', '')} result, or why it failed.` } });

builder.mutationFields((t) => ({
  createPolicyVersion: t.field({
    type: VersionSuccess('CreatePolicyVersionSuccess'),
    description: 'Adds the next version of a policy, as a DRAFT.',
    authScopes: { writePolicies: true },
    errors: errors('CreatePolicyVersionPayload'),
    args: { input: t.arg({ type: CreatePolicyVersionInput, required: true, description: 'The version to add.' }) },
    resolve: async (_, { input }, c) => ({ version: await createPolicyVersion(scopeOf(c), input) }),
  }),
  updatePolicyVersion: t.field({
    type: VersionSuccess('UpdatePolicyVersionSuccess'),
    description: 'Replaces the content of a DRAFT version; any other status is VERSION_NOT_DRAFT.',
    authScopes: { writePolicies: true },
    errors: errors('UpdatePolicyVersionPayload'),
    args: { input: t.arg({ type: UpdatePolicyVersionInput, required: true, description: 'The draft and its new content.' }) },
    resolve: async (_, { input }, c) => ({ version: await updatePolicyVersion(scopeOf(c), { ...input, id: rowId(String(input.id), 'PolicyVersion') }) }),
  }),
  publishPolicyVersion: t.field({
    type: VersionSuccess('PublishPolicyVersionSuccess'),
    description: 'DRAFT → PUBLISHED: new evaluations of the policy use it.',
    authScopes: { writePolicies: true },
    errors: { ...errors('PublishPolicyVersionPayload'), types: [...writeErrors, GateFailedError] },
    args: { id: t.arg.id({ required: true, description: 'The PolicyVersion global id.' }) },
    resolve: async (_, { id }, c) => ({ version: await publishPolicyVersion(scopeOf(c), rowId(String(id), 'PolicyVersion')) }),
  }),
  retirePolicyVersion: t.field({
    type: VersionSuccess('RetirePolicyVersionSuccess'),
    description: 'PUBLISHED → RETIRED: no new evaluations against it; its verdicts stay.',
    authScopes: { writePolicies: true },
    errors: errors('RetirePolicyVersionPayload'),
    args: { id: t.arg.id({ required: true, description: 'The PolicyVersion global id.' }) },
    resolve: async (_, { id }, c) => ({ version: await retirePolicyVersion(scopeOf(c), rowId(String(id), 'PolicyVersion')) }),
  }),
}));
