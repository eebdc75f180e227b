// Closed-loop load on Arbiter for the saturation benchmark: `streams` clients, each submitting one
// evaluation with `wait: true` and the next as soon as it returns, so `streams` evaluations are
// always outstanding, as the bare client always has `streams` model calls outstanding.
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { BenchApp } from './arbiter.js';

const EVALUATE = `mutation($input: EvaluateInput!) { evaluate(input: $input) {
  ... on EvaluateSuccess { evaluation { status } } ... on Error { code message } } }`;
const FINISHED = new Set(['DECIDED', 'ESCALATED']);

export interface ArbiterLoad {
  /** Evaluations that returned finished (DECIDED or ESCALATED) so far. */
  completed(): number;
  /** Evaluations that returned anything else (FAILED, still running when the wait ran out, errors). */
  unfinished(): number;
  /** Stops submitting, cancels what is still outstanding and waits for every client to return. */
  stop(): Promise<void>;
}

export function startArbiterLoad(bench: BenchApp, token: string, streams: number): ArbiterLoad {
  let running = true;
  let completed = 0;
  let unfinished = 0;
  let n = 0;
  const loop = async (): Promise<void> => {
    while (running) {
      const input = { content: `Is a parrot a good first pet? #${(n += 1)}`, policies: ['pets'], wait: true };
      const status = await bench.gql(EVALUATE, { input }, token).then((d) => d.evaluate.evaluation?.status as string | undefined, () => undefined);
      if (!running) return;
      if (status && FINISHED.has(status)) completed += 1;
      else unfinished += 1;
    }
  };
  const loops = Array.from({ length: streams }, () => loop());
  const stop = async (): Promise<void> => {
    running = false;
    // cancelled evaluations end their `wait: true` at once, so the app can close with no request in flight
    const { rows } = await sql<{ id: string }>`select id from evaluations where status in ('QUEUED', 'TRIAGE', 'REASONING')`.execute(bench.app.database.db);
    await Promise.all(rows.map(({ id }) => bench.gql(CANCEL, { id }, token).catch(() => undefined)));
    await Promise.all(loops);
  };
  return { completed: () => completed, unfinished: () => unfinished, stop };
}

const CANCEL = 'mutation($id: ID!) { cancelEvaluation(id: $id) { __typename } }';

/** Evaluations that finished DECIDED or ESCALATED between `from` and `to` (whoever was waiting for them). */
export async function finishedEvaluations(bench: BenchApp, from: Date, to: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from evaluations
    where status in ('DECIDED', 'ESCALATED') and finished_at >= ${from.toISOString()} and finished_at < ${to.toISOString()}`.execute(bench.app.database.db);
  return rows[0]!.n;
}

/** ReasoningDelta events whose batch was stored between `from` and `to`. */
export async function persistedDeltas(bench: BenchApp, from: Date, to: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from evaluation_events
    where type = 'ReasoningDelta' and created_at >= ${from.toISOString()} and created_at < ${to.toISOString()}`.execute(bench.app.database.db);
  return rows[0]!.n;
}

/** Counts ReasoningDelta messages published on the bus: over Redis when `redisUrl` is set, else in process. */
export async function countPublishedDeltas(bench: BenchApp, redisUrl: string | null): Promise<{ count(): number; close(): Promise<void> }> {
  let count = 0;
  if (!redisUrl) {
    const bus = bench.app.services.engine.bus;
    const publish = bus.publish.bind(bus);
    bus.publish = (message) => {
      if ('event' in message && message.event.type === 'ReasoningDelta') count += 1;
      publish(message);
    };
    return { count: () => count, close: async () => undefined };
  }
  const redis = new Redis(redisUrl);
  await redis.psubscribe('*');
  redis.on('pmessage', (_pattern, _channel, message: string) => {
    if (message.includes('"type":"ReasoningDelta"')) count += 1;
  });
  return { count: () => count, close: async () => void (await redis.quit()) };
}
