import type { PolicyRow, PolicyVersionRow } from '../server/db/schema.js';
import { scopeOf } from '../server/context.js';
import { createPolicy } from '../server/domain/policies/service.js';
import { diffVersions, getLatestVersion, getPolicy, getPolicyById, getPublishedVersion, listPolicies, listVersions } from '../server/domain/policies/queries.js';
import { builder } from './builder.js';
import { AlreadyExistsError, NotFoundError, ValidationError } from './errors.js';
import { PolicyConnection, PolicyRef, PolicyVersionConnection, PolicyVersionRef } from './refs.js';

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
    versions: t.connection({ type: PolicyVersionRef, nullable: false, description: 'Newest first.', resolve: (p, args, c) => listVersions(scopeOf(c), p.id, args) }, PolicyVersionConnection),
    diff: t.string({
      description: 'A unified text diff from version `from` to version `to`.',
      args: { from: t.arg.int({ required: true }), to: t.arg.int({ required: true }) },
      resolve: (p, args, c) => diffVersions(scopeOf(c), { policyId: p.id, from: args.from, to: args.to }),
    }),
  }),
});

builder.queryFields((t) => ({
  policy: t.field({ type: PolicyRef, nullable: true, authScopes: { read: true }, args: { slug: t.arg.string({ required: true }) }, resolve: async (_, { slug }, c) => (await getPolicy(scopeOf(c), slug)) ?? null }),
  policies: t.connection({ type: PolicyRef, nullable: false, authScopes: { read: true }, resolve: (_, args, c) => listPolicies(scopeOf(c), args) }, PolicyConnection),
}));

const CreatePolicyInput = builder.inputType('CreatePolicyInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    name: t.string({ required: true }),
    content: t.string({ required: true, description: 'Markdown with YAML front matter (DESIGN §7 "Policy documents").' }),
    changelog: t.string(),
  }),
});

const CreatePolicySuccess = builder.objectRef<{ policy: PolicyRow; version: PolicyVersionRow }>('CreatePolicySuccess').implement({
  fields: (t) => ({ policy: t.field({ type: PolicyRef, resolve: (r) => r.policy }), version: t.field({ type: PolicyVersionRef, resolve: (r) => r.version }) }),
});

builder.mutationField('createPolicy', (t) =>
  t.field({
    type: CreatePolicySuccess,
    description: 'Creates a policy with its first version as a DRAFT.',
    authScopes: { writePolicies: true },
    errors: { types: [ValidationError, AlreadyExistsError, NotFoundError], directResult: true, union: { name: 'CreatePolicyPayload' } },
    args: { input: t.arg({ type: CreatePolicyInput, required: true }) },
    resolve: (_, { input }, c) => createPolicy(scopeOf(c), input),
  }),
);
