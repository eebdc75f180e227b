import type { GraphQLSchema } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Context, Services } from '../context.js';
import type { Authenticate } from './authenticate.js';
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
    maskedErrors: { isDev: false },
    logging: args.production ? 'info' : 'warn',
    context: async ({ request, params }) => {
      const fromExtensions = (params?.extensions as { authorization?: string } | undefined)?.authorization;
      const caller = await args.authenticate(request.headers.get('authorization') ?? fromExtensions);
      return { ...caller, services: args.services };
    },
    plugins: [
      useRequestSizeLimit({ maxBytes: args.limits.maxRequestBytes }),
      useOperationLimits({ maxDepth: args.limits.maxDepth, maxCost: args.limits.maxCost, production: args.production }),
    ],
  });
}
