import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';

/** Depth, cost, alias and token limits on every operation (graphql-armor), with their own error codes. */
export function useOperationLimits(options: { readonly maxDepth: number; readonly maxCost: number; readonly production: boolean }): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: options.maxDepth, exposeLimits: true },
    costLimit: { maxCost: options.maxCost, exposeLimits: true },
    maxAliases: { n: 30, exposeLimits: true },
    maxTokens: { n: 5000, exposeLimits: true },
    maxDirectives: { n: 50, exposeLimits: true },
    blockFieldSuggestion: { enabled: options.production },
  }) as Plugin;
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
