import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, maskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { DomainError } from '../errors.js';
import type { Context, Services } from '../context.js';
import { yogaLogger } from '../observability/errors.js';
import { addLogFields, log } from '../observability/logger.js';
import { instrumentSubscriptions } from '../observability/subscriptions.js';
import type { Authenticate } from './authenticate.js';
import { useConsole } from './console.js';
import { useDecisionExport } from './export.js';
import { useOperationLimits, useRequestSizeLimit } from './limits.js';
import { lastEventId, useSseEventIds } from './sse.js';

export type ArbiterYoga = YogaServerInstance<Record<string, unknown>, Context>;

/**
 * graphql-yoga over the schema: HTTP, GraphiQL outside production (its assets served from this
 * process, so it works offline), SSE subscriptions, masked errors, introspection only when allowed.
 * Tokens come from the `Authorization` header only: never from a query string or the body.
 */
export function createYogaServer(args: {
  readonly schema: GraphQLSchema;
  readonly services: Services;
  readonly authenticate: Authenticate;
  readonly production: boolean;
  readonly introspection?: boolean;
  readonly limits: { readonly maxDepth: number; readonly maxCost: number; readonly maxRequestBytes: number };
}): ArbiterYoga {
  return createYoga<Record<string, unknown>, Context>({
    schema: instrumentSubscriptions(args.schema),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: args.production ? false : { title: 'Arbiter', subscriptionsProtocol: 'WS' },
    renderGraphiQL,
    maskedErrors: { isDev: false, maskError: exposeDomainErrors },
    logging: yogaLogger(log),
    context: async ({ request }) => {
      const caller = await args.authenticate(request.headers.get('authorization'));
      if (caller.principal) addLogFields({ tenant: caller.principal.tenantKey });
      const resumeAfterSeq = lastEventId(request);
      return { ...caller, services: args.services, ...(resumeAfterSeq === null ? {} : { resumeAfterSeq }) };
    },
    plugins: [
      useConsole(),
      useDecisionExport({ authenticate: args.authenticate, schema: args.schema, services: args.services }),
      useRequestSizeLimit({ maxBytes: args.limits.maxRequestBytes }),
      useOperationLimits({ maxDepth: args.limits.maxDepth, maxCost: args.limits.maxCost, production: args.production }),
      ...(args.introspection ?? !args.production ? [] : [useNoIntrospection()]),
      useSseEventIds(),
    ],
  });
}

/** Refuses `__schema` and `__type` (ARBITER_INTROSPECTION=false, the production default); `__typename` stays. */
function useNoIntrospection(): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) };
}

/** Expected failures thrown by query fields keep their message and code; everything else is masked. */
function exposeDomainErrors(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError && error instanceof GraphQLError) {
    return new GraphQLError(original.message, { nodes: error.nodes, path: error.path, extensions: { code: original.code }, originalError: original });
  }
  return maskError(error, message, isDev);
}
