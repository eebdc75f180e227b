import type { GraphQLSchema } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { DomainError } from '../errors.js';
import type { Context, Services } from '../context.js';
import type { Authenticate } from './authenticate.js';
import { useConsole } from './console.js';
import { useDecisionExport } from './export.js';
import { useOperationLimits, useRequestSizeLimit } from './limits.js';

export type ArbiterYoga = YogaServerInstance<Record<string, unknown>, Context>;

/** graphql-yoga over the schema: HTTP, GraphiQL outside production, SSE subscriptions, masked errors. */
export function createYogaServer(args: {
  readonly schema: GraphQLSchema;
  readonly services: Services;
  readonly authenticate: Authenticate;
  readonly production: boolean;
  readonly limits: { readonly maxDepth: number; readonly maxCost: number; readonly maxRequestBytes: number };
}): ArbiterYoga {
  return createYoga<Record<string, unknown>, Context>({
    schema: args.schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: args.production ? false : { title: 'Arbiter', subscriptionsProtocol: 'WS' },
    maskedErrors: { isDev: false, maskError: exposeDomainErrors },
    logging: args.production ? 'info' : 'warn',
    context: async ({ request, params }) => {
      const fromExtensions = (params?.extensions as { authorization?: string } | undefined)?.authorization;
      const caller = await args.authenticate(request.headers.get('authorization') ?? fromExtensions);
      return { ...caller, services: args.services };
    },
    plugins: [
      useConsole(),
      useDecisionExport({ authenticate: args.authenticate }),
      useRequestSizeLimit({ maxBytes: args.limits.maxRequestBytes }),
      useOperationLimits({ maxDepth: args.limits.maxDepth, maxCost: args.limits.maxCost, production: args.production }),
    ],
  });
}

/** Expected failures thrown by query fields keep their message and code; everything else is masked. */
function exposeDomainErrors(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError && error instanceof GraphQLError) {
    return new GraphQLError(original.message, { nodes: error.nodes, path: error.path, extensions: { code: original.code } });
  }
  return maskError(error, message, isDev);
}
