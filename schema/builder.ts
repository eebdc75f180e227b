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
  // DESIGN §7: a field that always has a value is non-null; `nullable: true` marks the ones that can be absent.
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  // `totalCount` of every connection: a number, or a count run only when the field is selected.
  Connection: { totalCount?: number | (() => Promise<number>) };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin],
  defaultFieldNullability: false,
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
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: { list: false, items: false }, description: 'The rows of this page, in order.' },
    nodeFieldOptions: { nullable: false, description: 'The row itself.' },
    cursorFieldOptions: { description: 'Pass as `after` to get the rows that follow this one.' },
    hasNextPageFieldOptions: { description: 'More rows follow: ask again with `after: endCursor`.' },
    hasPreviousPageFieldOptions: { description: 'This page started after a cursor (paging is forward only).' },
    startCursorFieldOptions: { description: 'The cursor of the first row of this page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'The cursor of the last row of this page; null when the page is empty.' },
    pageInfoFieldOptions: { description: 'Where this page sits: whether more rows follow, and the cursors to get them.' },
    nodeQueryOptions: {
      description: 'Any object with an id, by its global id (null when it does not exist or is not visible).',
      args: { id: { description: 'A global id, as any `id` field returns it.' } },
    },
    nodesQueryOptions: {
      description: 'Several objects by their global ids, in the order given (null where one does not exist).',
      args: { ids: { description: 'Global ids, as `id` fields return them.' } },
    },
    nodeTypeOptions: { description: 'An object with a global id: pass it to `node(id)` to fetch the object again.' },
    pageInfoTypeOptions: { description: 'Relay page information for forward keyset paging.' },
  },
  errors: { defaultTypes: [] },
});

builder.queryType({ description: 'Reads, all scoped to the tenant of the token.' });
builder.mutationType({ description: 'Writes; expected failures are typed members of each payload union.' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many rows the whole list holds (every page together), under the same filter.',
    resolve: async (connection) => {
      const count = connection.totalCount;
      if (count === undefined) throw new Error('this connection does not count its rows');
      return typeof count === 'number' ? count : count();
    },
  }),
);
