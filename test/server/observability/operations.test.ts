import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, log, setLogger } from '../../../server/observability/logger.js';
import { startTracing } from '../../../server/observability/tracing.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../helpers/evaluate.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';
import { collect, wsClient } from '../../helpers/ws-client.js';

const METRICS_TOKEN = 'scrape-secret-0123456789';
const FAMILIES = [
  'arbiter_evaluations_total', 'arbiter_evaluation_duration_seconds', 'arbiter_stage_duration_seconds', 'arbiter_reasoner_calls_total',
  'arbiter_reasoner_tokens_total', 'arbiter_reasoner_call_duration_seconds', 'arbiter_breaker_state', 'arbiter_queue_depth',
  'arbiter_queue_oldest_job_age_seconds', 'arbiter_review_backlog', 'arbiter_review_overdue', 'arbiter_deltas_delivered_total',
  'arbiter_subscriptions_open',
];

/** Log lines written while `work` runs, parsed as JSON (a line that is not JSON fails the test). */
function captureLogs() {
  const lines: string[] = [];
  const previous = log();
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
  setLogger(createLogger({ level: 'info', production: true, pretty: false, destination: sink }));
  return { entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), restore: () => setLogger(previous) };
}

describe(`operations endpoints, metrics, logs and traces (${testEngine})`, () => {
  let app: TestApp;
  let base: string;
  const spans = new InMemorySpanExporter();
  const tracing = startTracing({ endpoint: null, serviceName: 'arbiter-test', captureContent: false, exporter: spans });
  beforeAll(async () => {
    const reasoner = scriptedReasoner({ reasoning: ['Thinking ', 'about pets.'], label: 'NON_VIOLATING' });
    app = await createTestApp({}, { ARBITER_METRICS_TOKEN: METRICS_TOKEN, NODE_ENV: 'production' }, [reasoner.evaluator]);
    const { port } = await app.start(0);
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app?.close();
    await tracing?.shutdown();
  });

  it('answers /livez and /readyz with the checks it made', async () => {
    const live = await fetch(`${base}/livez`);
    const ready = await fetch(`${base}/readyz`);
    expect({ live: live.status, ready: ready.status, body: await ready.json() }).toEqual({
      live: 200, ready: 200,
      body: { status: 'ready', checks: { database: { ok: true }, migrations: { ok: true }, queue: { ok: true } } },
    });
  });

  it('asks for the bearer token on /metrics when one is configured', async () => {
    const statuses = await Promise.all([undefined, 'Bearer wrong', `Bearer ${METRICS_TOKEN}`].map(async (authorization) =>
      (await fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} })).status));
    expect(statuses).toEqual([401, 401, 200]);
  });

  it('carries the named families after a reasoned evaluation, with no tenant content in labels', async () => {
    const admin = await app.token(['admin'], 'tenant-secret-key');
    await publishPolicy(app, admin);
    const evaluation = await evaluateAndWait(app, admin, { content: 'a dog bed for a cat named Whiskers', policies: ['pets'] });
    expect(evaluation.status).toBe('DECIDED');
    const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const present = FAMILIES.filter((name) => new RegExp(`^# TYPE ${name} `, 'm').test(text));
    expect(present).toEqual(FAMILIES);
    expect(text).toMatch(/^arbiter_reasoner_calls_total\{evaluator="scripted",replica="default",outcome="ok"\} [1-9]/m);
    expect(text).toMatch(/^arbiter_reasoner_tokens_total\{evaluator="scripted",replica="default",kind="prompt"\} [1-9]\d*/m);
    expect(text).toMatch(/^arbiter_evaluations_total\{status="DECIDED",stage="REASONING"\} [1-9]/m);
    expect(text).toMatch(/^arbiter_stage_duration_seconds_count\{stage="TRIAGE"\} [1-9]/m);
    for (const secret of ['tenant-secret-key', 'Whiskers', 'pets']) expect(text).not.toContain(secret);
  });

  it('counts the chain-of-thought deltas delivered to subscribers and the subscriptions open', async () => {
    const scrape = async () => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const value = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.slice(series.length + 1) ?? NaN);
    const before = value(await scrape(), 'arbiter_deltas_delivered_total');
    const admin = await app.token(['admin']);
    await publishPolicy(app, admin);
    const evaluation = await evaluateAndWait(app, admin, { content: 'a cat tree', policies: ['pets'] });
    const client = wsClient(`${base}/graphql`, admin);
    const events = await collect(client, 'subscription($id: ID!) { evaluationEvents(evaluationId: $id) { __typename } }', { id: evaluation.id });
    await client.dispose();
    const deltas = events.filter((e) => e.data?.evaluationEvents.__typename === 'ReasoningDelta').length;
    expect(deltas).toBe(2);
    const after = await scrape();
    expect(value(after, 'arbiter_deltas_delivered_total') - before).toBe(deltas);
    expect(value(after, 'arbiter_subscriptions_open{field="evaluationEvents"}')).toBe(0);
  });

  it('traces the request, the stages and the model call, without content by default', async () => {
    const admin = await app.token(['admin']);
    await publishPolicy(app, admin);
    const body = JSON.stringify({ query: 'mutation($i: EvaluateInput!) { evaluate(input: $i) { __typename } }', variables: { i: { content: 'secret content text', policies: ['pets'], wait: true } } });
    const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body });
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await tracing!.forceFlush();
    const finished = spans.getFinishedSpans();
    const names = new Set(finished.map((s) => s.name));
    expect(['POST /graphql', 'evaluation.run', 'stage.triage', 'stage.reasoning', 'reasoner.call'].filter((n) => names.has(n)))
      .toEqual(['POST /graphql', 'evaluation.run', 'stage.triage', 'stage.reasoning', 'reasoner.call']);
    const call = finished.find((s) => s.name === 'reasoner.call')!;
    expect(call.attributes).toMatchObject({ 'arbiter.evaluator': 'scripted', 'gen_ai.usage.input_tokens': 100 });
    expect(JSON.stringify(finished.map((s) => s.attributes))).not.toContain('secret content text');
  });

  it('logs JSON lines with the request id and tenant; an expected error at info without a stack', async () => {
    const logs = captureLogs();
    try {
      const admin = await app.token(['admin'], 'acme-logs');
      const body = JSON.stringify({ query: '{ policies(first: 2, after: "nonsense") { edges { cursor } } }' });
      const response = await fetch(`${base}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': 'req-42' }, body,
      });
      expect(response.headers.get('x-request-id')).toBe('req-42');
      await response.text();
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      logs.restore();
    }
    const entries = logs.entries();
    const failure = entries.find((e) => e.code === 'VALIDATION_FAILED');
    expect(failure).toMatchObject({ level: 'info', requestId: 'req-42', tenant: 'acme-logs' });
    expect(JSON.stringify(entries)).not.toMatch(/"stack"|\n\s+at /);
    expect(entries.find((e) => e.msg === 'request')).toMatchObject({ level: 'info', requestId: 'req-42', tenant: 'acme-logs', status: 200, path: '/graphql' });
  });

  it('refuses introspection in production (ARBITER_INTROSPECTION unset) but answers __typename', async () => {
    const admin = await app.token(['admin']);
    const introspection = await app.gql('{ __schema { queryType { name } } }', {}, admin);
    const typename = await app.gql('{ __typename }', {}, admin);
    expect(introspection.errors?.map((e) => e.message)).toContain('GraphQL introspection has been disabled, but the requested query contained the field "__schema".');
    expect(new Set(introspection.errors?.map((e) => e.extensions.code))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(typename.data).toEqual({ __typename: 'Query' });
  });

  it('turns /readyz to 503 at shutdown and refuses new work with SHUTTING_DOWN', async () => {
    const other = await createTestApp({}, {}, []);
    const { port } = await other.start(0);
    other.health.drain();
    const draining = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect({ status: draining.status, shutdown: ((await draining.json()) as any).checks.shutdown }).toEqual({ status: 503, shutdown: { ok: false, reason: 'shutting down' } });
    const refused = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect({ status: refused.status, code: ((await refused.json()) as any).errors[0].extensions.code }).toEqual({ status: 503, code: 'SHUTTING_DOWN' });
    await other.close();
  });
});
