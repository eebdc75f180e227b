import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { SpanStatusCode } from '@opentelemetry/api';
import { type EndpointOptions, operationsResponse, OPERATIONS_PATHS } from './endpoints.js';
import { log, withLogFields } from './logger.js';
import { metrics } from './metrics.js';
import { tracer } from './tracing.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const ROUTES = new Set(['/graphql', '/exports/decisions.ndjson', '/exports/audit.ndjson', '/console', ...OPERATIONS_PATHS]);

/** The node:http listener of a process: operations endpoints, then the app; with request ids, logs, spans, metrics. */
export interface RequestHandler {
  readonly listener: RequestListener;
  /** Requests being answered now. */
  inFlight(): number;
  /** Resolves once no request is in flight. */
  idle(): Promise<void>;
}

/**
 * Wraps `app` (yoga, or nothing for a worker) so every request has a request id (taken from a
 * well-formed `x-request-id`, else new) on its log lines and response, a span, and an access log
 * line; `/livez`, `/readyz` and `/metrics` are answered here, before authentication. While
 * draining, new work is refused with 503 `SHUTTING_DOWN`.
 */
export function createRequestHandler(args: EndpointOptions & { readonly app?: RequestListener }): RequestHandler {
  let inFlight = 0;
  const waiters: (() => void)[] = [];
  const settle = () => {
    inFlight -= 1;
    if (inFlight === 0) for (const wake of waiters.splice(0)) wake();
  };
  const listener: RequestListener = (req, res) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const path = (req.url ?? '/').split('?')[0]!;
    const route = ROUTES.has(path) ? path : 'other';
    res.setHeader('x-request-id', requestId);
    inFlight += 1;
    const started = performance.now();
    withLogFields({ requestId }, (store) => tracer().startActiveSpan(`${req.method} ${route}`, { attributes: { 'http.request.method': req.method ?? '', 'url.path': route } }, (span) => {
      res.once('close', () => {
        const seconds = (performance.now() - started) / 1000;
        metrics.httpRequests.inc({ route, status: `${String(res.statusCode)[0]}xx` });
        metrics.httpDuration.observe({ route }, seconds);
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        if (!OPERATIONS_PATHS.has(path)) log().info({ ...store, method: req.method, path: route, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
        settle();
      });
      void respond(req, res, path, args).catch((error: unknown) => {
        log().error({ err: error }, 'request handler failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Unexpected error."}]}');
      });
    }));
  };
  return {
    listener,
    inFlight: () => inFlight,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}

async function respond(req: IncomingMessage, res: ServerResponse, path: string, args: EndpointOptions & { readonly app?: RequestListener }): Promise<void> {
  const answer = await operationsResponse(path, req.headers.authorization ?? null, args);
  if (answer) return send(res, answer);
  if (args.health.draining || !args.app) {
    const status = args.app ? 503 : 404;
    const body = args.app ? { errors: [{ message: 'the server is shutting down', extensions: { code: 'SHUTTING_DOWN' } }] } : { error: 'not found' };
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(body));
    return;
  }
  args.app(req, res);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}
