import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's counters and histograms (DESIGN §7 `/metrics`). Labels carry only bounded,
 * operator-chosen values (status, stage, evaluator name, replica): never a tenant key, a policy
 * slug or any content.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'arbiter_process_' });

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export const metrics = {
  evaluationsFinished: new Counter({
    name: 'arbiter_evaluations_total', help: 'Evaluations finished by this process, by final status and the stage that settled them',
    labelNames: ['status', 'stage'] as const, registers: [processRegistry],
  }),
  evaluationDuration: new Histogram({
    name: 'arbiter_evaluation_duration_seconds', help: 'From the first stage to the end of an evaluation, by final status',
    labelNames: ['status'] as const, buckets: DURATION_BUCKETS, registers: [processRegistry],
  }),
  stageDuration: new Histogram({
    name: 'arbiter_stage_duration_seconds', help: 'Time spent in each pipeline stage', labelNames: ['stage'] as const,
    buckets: DURATION_BUCKETS, registers: [processRegistry],
  }),
  reasonerCalls: new Counter({
    name: 'arbiter_reasoner_calls_total', help: 'Reasoner calls by evaluator, replica and outcome (ok, error, aborted)',
    labelNames: ['evaluator', 'replica', 'outcome'] as const, registers: [processRegistry],
  }),
  reasonerTokens: new Counter({
    name: 'arbiter_reasoner_tokens_total', help: 'Tokens reported by the reasoner, by evaluator, replica and kind (prompt, completion)',
    labelNames: ['evaluator', 'replica', 'kind'] as const, registers: [processRegistry],
  }),
  reasonerDuration: new Histogram({
    name: 'arbiter_reasoner_call_duration_seconds', help: 'Duration of one reasoner call', labelNames: ['evaluator', 'replica'] as const,
    buckets: DURATION_BUCKETS, registers: [processRegistry],
  }),
  reasonerInFlight: new Gauge({
    name: 'arbiter_reasoner_calls_in_flight', help: 'Reasoner calls running now', labelNames: ['evaluator', 'replica'] as const,
    registers: [processRegistry],
  }),
  deltasDelivered: new Counter({
    name: 'arbiter_deltas_delivered_total', help: 'Chain-of-thought deltas sent to subscribers (after role filtering)',
    registers: [processRegistry],
  }),
  subscriptionsOpen: new Gauge({
    name: 'arbiter_subscriptions_open', help: 'GraphQL subscriptions streaming now, by field', labelNames: ['field'] as const,
    registers: [processRegistry],
  }),
  httpRequests: new Counter({
    name: 'arbiter_http_requests_total', help: 'HTTP requests by route and status class', labelNames: ['route', 'status'] as const,
    registers: [processRegistry],
  }),
  httpDuration: new Histogram({
    name: 'arbiter_http_request_duration_seconds', help: 'HTTP request duration by route', labelNames: ['route'] as const,
    buckets: DURATION_BUCKETS, registers: [processRegistry],
  }),
};

/** One reasoner call's outcome, as `instrumentEvaluator` (or a plugin that balances replicas) reports it. */
export function recordReasonerCall(call: {
  readonly evaluator: string;
  readonly replica?: string;
  readonly outcome: 'ok' | 'error' | 'aborted';
  readonly seconds: number;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
}): void {
  const labels = { evaluator: call.evaluator, replica: call.replica ?? 'default' };
  metrics.reasonerCalls.inc({ ...labels, outcome: call.outcome });
  metrics.reasonerDuration.observe(labels, call.seconds);
  if (call.promptTokens) metrics.reasonerTokens.inc({ ...labels, kind: 'prompt' }, call.promptTokens);
  if (call.completionTokens) metrics.reasonerTokens.inc({ ...labels, kind: 'completion' }, call.completionTokens);
}

/** Prometheus text of the process metrics and of the app's scrape-time gauges. */
export async function renderMetrics(registries: readonly Registry[]): Promise<string> {
  const parts = await Promise.all([processRegistry, ...registries].map((r) => r.metrics()));
  return parts.join('\n');
}

export const METRICS_CONTENT_TYPE = processRegistry.contentType;
