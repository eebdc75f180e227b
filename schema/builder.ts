import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { type Permission, permissions } from '../server/auth/roles.js';
import type { Context } from '../server/context.js';

type Scopes = { authenticated: boolean } & Record<Permission, boolean>;

/** The one SchemaBuilder of the project. */
export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: Scopes;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin],
  scopeAuth: {
    // Check a subscription's scopes before it starts streaming, not on each event.
    authorizeOnSubscribe: true,
    authScopes: (context) => {
      const principal = context.principal;
      const scopes = Object.fromEntries(
        Object.entries(permissions).map(([name, allows]) => [name, principal ? allows(principal) : false]),
      ) as Record<Permission, boolean>;
      return { authenticated: principal !== null, ...scopes };
    },
    // No token is UNAUTHENTICATED; a token without the role is FORBIDDEN.
    unauthorizedError: (_parent, context, info) =>
      context.principal
        ? new GraphQLError(`not allowed to access ${info.parentType.name}.${info.fieldName}`, { extensions: { code: 'FORBIDDEN' } })
        : new GraphQLError('authentication required: send "Authorization: Bearer <token>"', { extensions: { code: 'UNAUTHENTICATED' } }),
  },
  relay: { clientMutationId: 'omit', cursorType: 'String' },
  errors: { defaultTypes: [] },
});

builder.queryType({});
builder.mutationType({});
