import type { PolicyRow, PolicyVersionRow } from '../server/db/schema.js';
import { scopeOf } from '../server/context.js';
import { createPolicy } from '../server/domain/policies/service.js';
import { diffVersions, getLatestVersion, getPolicy, getPolicyById, getPublishedVersion, listPolicies, listVersions } from '../server/domain/policies/queries.js';
import { builder } from './builder.js';
import { AlreadyExistsError, NotFoundError, ValidationError } from './errors.js';
import { pageArgs, PolicyConnection, PolicyRef, PolicyVersionConnection, PolicyVersionRef } from './refs.js';

builder.node(PolicyRef, {
  description: 'A named content policy; its text lives in immutable, numbered versions.',
  id: { resolve: (policy) => policy.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'slug' in value && 'created_by' in value,
  loadOne: (id, context) => (context.scope ? getPolicyById(context.scope, id) : null),
  authScopes: { authenticated: true },
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    createdBy: t.exposeString('created_by'),
    createdAt: t.field({ type: 'DateTime', resolve: (p) => p.created_at }),
    publishedVersion: t.field({ type: PolicyVersionRef, nullable: true, description: 'The newest PUBLISHED version: what `evaluate` uses unless a version is pinned.', resolve: async (p, _, c) => (await getPublishedVersion(scopeOf(c), p.id)) ?? null }),
    latestVersion: t.field({ type: PolicyVersionRef, resolve: (p, _, c) => getLatestVersion(scopeOf(c), p.id) }),
    versions: t.field({ type: PolicyVersionConnection, description: 'Every version, newest first.', args: pageArgs(t.arg), resolve: (p, args, c) => listVersions(scopeOf(c), p.id, args) }),
    diff: t.string({
      description: 'A unified text diff from version `from` to version `to`.',
      args: { from: t.arg.int({ required: true, description: 'The older version number.' }), to: t.arg.int({ required: true, description: 'The newer version number.' }) },
      resolve: (p, args, c) => diffVersions(scopeOf(c), { policyId: p.id, from: args.from, to: args.to }),
    }),
  }),
});

builder.queryFields((t) => ({
  policy: t.field({
    type: PolicyRef, nullable: true, authScopes: { read: true }, description: 'The policy with this slug; null when the tenant has none.',
    args: { slug: t.arg.string({ required: true, description: 'The policy slug, such as "spam".' }) },
    resolve: async (_, { slug }, c) => (await getPolicy(scopeOf(c), slug)) ?? null,
  }),
  policies: t.field({ type: PolicyConnection, authScopes: { read: true }, description: "The tenant's policies, oldest first.", args: pageArgs(t.arg), resolve: (_, args, c) => listPolicies(scopeOf(c), args) }),
}));

const CreatePolicyInput = builder.inputType('CreatePolicyInput', {
  description: 'A new policy and the content of its first (DRAFT) version.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Lowercase identifier, unique in the tenant.' }),
    name: t.string({ required: true, description: 'Display name.' }),
    content: t.string({ required: true, description: 'Markdown with YAML front matter (DESIGN §7 "Policy documents").' }),
    changelog: t.string({ description: 'What this version changes.' }),
  }),
});

const CreatePolicySuccess = builder.objectRef<{ policy: PolicyRow; version: PolicyVersionRow }>('CreatePolicySuccess').implement({
  description: 'The created policy and its first version.',
  fields: (t) => ({ policy: t.field({ type: PolicyRef, resolve: (r) => r.policy }), version: t.field({ type: PolicyVersionRef, resolve: (r) => r.version }) }),
});

builder.mutationField('createPolicy', (t) =>
  t.field({
    type: CreatePolicySuccess,
    description: 'Creates a policy with its first version as a DRAFT.',
    authScopes: { writePolicies: true },
    errors: { types: [ValidationError, AlreadyExistsError, NotFoundError], directResult: true, union: { name: 'CreatePolicyPayload', description: 'The created policy, or why it was refused.' } },
    args: { input: t.arg({ type: CreatePolicyInput, required: true, description: 'The policy to create.' }) },
    resolve: (_, { input }, c) => createPolicy(scopeOf(c), input),
  }),
);
