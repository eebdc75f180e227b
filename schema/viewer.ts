import { type Permission, permissions, type Principal } from '../server/auth/roles.js';
import { builder } from './builder.js';

const ViewerRef = builder.objectRef<Principal>('Viewer').implement({
  description: 'Who the token speaks for, and what its roles allow (the console shows only that).',
  fields: (t) => ({
    subject: t.string({ nullable: false, description: "The token's `sub` claim: who acts (recorded as reviewer, author or actor).", resolve: (p) => p.subject }),
    tenant: t.string({
      nullable: false, description: "The tenant's key (the token's `tenant` claim).", resolve: (p) => p.tenantKey,
    }),
    roles: t.stringList({ nullable: false, description: "The token's roles, sorted.", resolve: (p) => [...p.roles].sort() }),
    permissions: t.stringList({
      nullable: false,
      description: 'The permissions these roles grant, e.g. "review", "readReasoning", "writePolicies".',
      resolve: (p) => (Object.keys(permissions) as Permission[]).filter((name) => permissions[name](p)),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef, nullable: false, authScopes: { authenticated: true },
    description: 'The caller: subject, tenant, roles and the permissions they grant.',
    // Authenticated scope guarantees a principal.
    resolve: (_, __, c) => c.principal!,
  }),
);
