// ReasoningDelta delivery latency, from the reasoner's onReasoning call to receipt by graphql-ws
// subscribers in another process, with 1, 100 and 1,000 subscribers (one WebSocket each) on one
// evaluation. Each fragment carries its emission time; both processes read the same clock.
// Knobs: BENCH_SUBSCRIBERS ("1,100,1000"), BENCH_BUSES ("memory,redis"), BENCH_FRAGMENTS (100),
// BENCH_INTERVAL_MS (10). Run: npx tsx bench/delivery-latency.ts
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type BenchApp, publishPolicy, startBenchApp } from './lib/arbiter.js';
import { machineLine } from './lib/machine.js';
import { stampingReasoner } from './lib/stamping-reasoner.js';
import { type LatencySummary, ms, summarize, verdictOf } from './lib/stats.js';
import { markdownTable } from './lib/table.js';
import type { SubscriberMessage, SubscribePlan } from './lib/ws-subscribers.js';

const SUBSCRIBERS = (process.env.BENCH_SUBSCRIBERS ?? '1,100,1000').split(',').map(Number);
const BUSES = (process.env.BENCH_BUSES ?? 'memory,redis').split(',') as ('memory' | 'redis')[];
const FRAGMENTS = Number(process.env.BENCH_FRAGMENTS ?? 100);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 10);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const IDLE_WINDOW_MS = 2_000;
const EVALUATE = 'mutation($input: EvaluateInput!) { evaluate(input: $input) { ... on EvaluateSuccess { evaluation { id } } ... on Error { code message } } }';

interface Row {
  readonly bus: string;
  readonly subscribers: number;
  readonly connectMs: number;
  readonly idleQueriesPerSecond: number;
  readonly latency: LatencySummary;
  readonly complete: string;
}

let releaseGate: () => void = () => undefined;
let gate: Promise<void> = Promise.resolve();
const closeGate = (): void => void (gate = new Promise((resolve) => (releaseGate = resolve)));

function child(plan: SubscribePlan): { next(type: SubscriberMessage['type'], timeoutMs: number): Promise<SubscriberMessage> } {
  const proc = fork(fileURLToPath(new URL('./lib/ws-subscribers.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox: SubscriberMessage[] = [];
  let wake: (() => void) | null = null;
  proc.on('message', (m: SubscriberMessage) => { inbox.push(m); wake?.(); });
  proc.send(plan);
  return {
    async next(type, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = inbox.find((m) => m.type === type);
        if (found) return found;
        if (Date.now() > deadline) { proc.kill(); throw new Error(`subscribers: no "${type}" within ${timeoutMs} ms`); }
        await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 200); });
      }
    },
  };
}

/** Transactions committed in the scratch database: with autocommit reads, about one per query. */
async function commits(bench: BenchApp): Promise<number> {
  const { rows } = await sql<{ n: number }>`select xact_commit::int as n from pg_stat_database where datname = current_database()`.execute(bench.app.database.db);
  return rows[0]!.n;
}

async function scenario(bench: BenchApp, port: number, bus: string, count: number): Promise<Row> {
  const admin = await bench.token(['admin']);
  closeGate();
  const data = await bench.gql(EVALUATE, { input: { content: `Selling a barely used dog crate (${bus}, ${count})`, policies: ['pets'], wait: false } }, admin);
  const evaluationId = data.evaluate.evaluation.id as string;
  const subscribers = child({ url: `ws://127.0.0.1:${port}/graphql`, token: admin, evaluationId, count });
  const ready = await subscribers.next('ready', 120_000);
  // Every subscriber is live and the reasoner is held: how hard do idle streams poll the database?
  const before = await commits(bench);
  await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
  const idleQueriesPerSecond = ((await commits(bench)) - before - 1) / (IDLE_WINDOW_MS / 1000);
  releaseGate();
  const done = await subscribers.next('done', 180_000);
  if (done.type !== 'done') throw new Error('unreachable');
  const full = done.deltasPerSubscriber.filter((n) => n === FRAGMENTS).length;
  const complete = `${full}/${count}${done.errors.length > 0 ? ` (errors: ${done.errors.join('; ')})` : ''}`;
  return { bus, subscribers: count, connectMs: ready.type === 'ready' ? ready.connectMs : Number.NaN, idleQueriesPerSecond, latency: summarize(done.latencies), complete };
}

async function main(): Promise<void> {
  console.log(`# ReasoningDelta delivery latency (${FRAGMENTS} fragments, one every ${INTERVAL_MS} ms, PostgreSQL 15)\n\n${machineLine()}\n`);
  const rows: Row[] = [];
  for (const bus of BUSES) {
    const reasoner = stampingReasoner({ fragments: FRAGMENTS, intervalMs: INTERVAL_MS, gate: () => gate });
    const bench = await startBenchApp({ engine: 'postgres', env: bus === 'redis' ? { REDIS_URL } : {}, evaluators: [reasoner] });
    try {
      await publishPolicy(bench, await bench.token(['admin']), { slug: 'pets' });
      const { port } = await bench.app.start(0);
      for (const count of SUBSCRIBERS) rows.push(await scenario(bench, port, bus === 'redis' ? 'Redis pub/sub' : 'in-process', count));
    } finally {
      releaseGate();
      await bench.close();
    }
  }
  console.log(markdownTable(
    ['event bus', 'subscribers', 'deltas received', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'all fragments received', 'subscribe all (ms)', 'DB queries/s while idle'],
    rows.map((r) => [r.bus, r.subscribers, r.latency.count, ms(r.latency.p50), ms(r.latency.p95), ms(r.latency.p99), ms(r.latency.max), r.complete, ms(r.connectMs), r.idleQueriesPerSecond.toFixed(0)]),
  ));
  console.log('\nGoals: p99 ≤ 10 ms at 100 subscribers; p95 ≤ 150 ms fanned out to 1,000.\n');
  for (const r of rows) {
    if (r.subscribers === 100) console.log(`- ${r.bus}, 100 subscribers: p99 ${verdictOf(r.latency.p99, 10)}`);
    if (r.subscribers === 1000) console.log(`- ${r.bus}, 1,000 subscribers: p95 ${verdictOf(r.latency.p95, 150)}`);
  }
}

await main();
