import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { assertCost, limitError } from './cost.js';

type Reject = (context: unknown, error: GraphQLError) => void;
/** Re-throws an armor rejection as QUERY_TOO_COMPLEX (armor reports them as "Syntax Error" without a code). */
const reject = (limit: string): { onReject: Reject[]; propagateOnRejection: false } => ({
  onReject: [(_context, error) => { throw limitError(error.message, limit); }],
  propagateOnRejection: false,
});

/**
 * Depth, alias, token and directive limits (graphql-armor) and the cost limit of server/http/cost.ts
 * (which, unlike armor's, counts `first` given as a variable). Every refusal is a GraphQL error with
 * `extensions.code` QUERY_TOO_COMPLEX and `extensions.limit` naming the limit. The same plugin runs
 * for HTTP, SSE and WebSocket operations.
 */
export function useOperationLimits(options: { readonly maxDepth: number; readonly maxCost: number; readonly production: boolean }): Plugin {
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: options.maxDepth, exposeLimits: true, ...reject('depth') },
    costLimit: { enabled: false },
    maxAliases: { n: 30, exposeLimits: true, ...reject('aliases') },
    maxTokens: { n: 20_000, exposeLimits: true, ...reject('tokens') },
    maxDirectives: { n: 50, exposeLimits: true, ...reject('directives') },
    blockFieldSuggestion: { enabled: options.production },
  }) as Plugin;
  const cost: Plugin = {
    onValidate({ params, context }) {
      const variables = (context as { params?: { variables?: Record<string, unknown> } }).params?.variables;
      assertCost(params.schema, params.documentAST, variables, options.maxCost);
    },
  };
  return { onPluginInit: ({ addPlugin }) => { addPlugin(armor); addPlugin(cost); } };
}

/**
 * Refuses request bodies over `maxBytes` with HTTP 413 before they are parsed, and bodies of
 * unknown length with 411, so one client cannot make the server buffer without bound.
 */
export function useRequestSizeLimit(options: { readonly maxBytes: number }): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const length = request.headers.get('content-length');
      const refuse = (status: number, message: string) =>
        endResponse(new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'REQUEST_TOO_LARGE' } }] }), { status, headers: { 'content-type': 'application/json' } }));
      if (length === null) return refuse(411, 'a Content-Length header is required');
      if (Number(length) > options.maxBytes) return refuse(413, `the request body is larger than ${options.maxBytes} bytes`);
    },
  };
}
