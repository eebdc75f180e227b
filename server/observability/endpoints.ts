import { timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Health } from './health.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics.js';

/** What `/livez`, `/readyz` and `/metrics` answer with. */
export interface EndpointOptions {
  readonly health: Health;
  /** Scrape-time registries beside the process metrics (database gauges). */
  readonly registries: readonly Registry[];
  /** Bearer token `/metrics` asks for; null leaves it open. */
  readonly metricsToken: string | null;
}

export const OPERATIONS_PATHS = new Set(['/livez', '/readyz', '/metrics', '/health']);

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });

/** Answers the operations endpoints; null for any other path. */
export async function operationsResponse(path: string, authorization: string | null, options: EndpointOptions): Promise<Response | null> {
  if (path === '/livez' || path === '/health') return json(200, { status: 'ok' });
  if (path === '/readyz') {
    const { ready, checks } = await options.health.readiness();
    return json(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
  }
  if (path !== '/metrics') return null;
  if (options.metricsToken && !bearerMatches(authorization, options.metricsToken)) {
    return new Response('metrics need "Authorization: Bearer <ARBITER_METRICS_TOKEN>"\n', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  }
  return new Response(await renderMetrics(options.registries), { status: 200, headers: { 'content-type': METRICS_CONTENT_TYPE } });
}

function bearerMatches(authorization: string | null, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
