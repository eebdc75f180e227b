// ReasoningDelta delivery latency, from the reasoner's onReasoning call to receipt by graphql-ws
// subscribers in another process, with 1, 100 and 1,000 subscribers (one WebSocket each) on one
// evaluation. Each fragment carries its emission time; both processes read the same clock.
// Knobs: BENCH_RUNS ("1@10,100@10,1000@10,1000@100": subscribers@ms between fragments),
// BENCH_BUSES ("memory,redis"). Each run emits 100 fragments, or 3 s worth when slower.
// Run: npx tsx bench/delivery-latency.ts
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type BenchApp, publishPolicy, startBenchApp } from './lib/arbiter.js';
import { machineLine } from './lib/machine.js';
import { stampingReasoner } from './lib/stamping-reasoner.js';
import { type LatencySummary, ms, summarize, verdictOf } from './lib/stats.js';
import { markdownTable } from './lib/table.js';
import type { SubscriberMessage, SubscribePlan } from './lib/ws-subscribers.js';

const RUNS = (process.env.BENCH_RUNS ?? '1@10,100@10,1000@10,1000@100').split(',').map((run) => {
  const [subscribers, intervalMs] = run.split('@').map(Number) as [number, number];
  return { subscribers, intervalMs, fragments: Math.min(100, Math.floor(3000 / intervalMs)) };
});
const BUSES = (process.env.BENCH_BUSES ?? 'memory,redis').split(',') as ('memory' | 'redis')[];
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const IDLE_WINDOW_MS = 2_000;
const EVALUATE = 'mutation($input: EvaluateInput!) { evaluate(input: $input) { ... on EvaluateSuccess { evaluation { id } } ... on Error { code message } } }';

type Run = (typeof RUNS)[number];

interface Row {
  readonly bus: string;
  readonly run: Run;
  readonly connectMs: number;
  readonly idleQueriesPerSecond: number;
  readonly latency: LatencySummary;
  readonly fromSchedule: LatencySummary;
  /** First to last emission, against the planned (fragments − 1) × interval. */
  readonly spanMs: number;
  readonly complete: string;
  /** CPU µs per delivered delta, from the reasoner's release to the end: server process and subscriber process. */
  readonly serverUs: number;
  readonly clientUs: number;
}

let releaseGate: () => void = () => undefined;
let lastSpanMs = Number.NaN;
let current: Run = RUNS[0]!;
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

async function scenario(bench: BenchApp, port: number, bus: string, run: Run): Promise<Row> {
  current = run;
  const count = run.subscribers;
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
  const cpu = process.cpuUsage();
  releaseGate();
  const done = await subscribers.next('done', 180_000);
  if (done.type !== 'done') throw new Error('unreachable');
  const used = process.cpuUsage(cpu);
  const delivered = Math.max(1, done.latencies.length);
  const full = done.deltasPerSubscriber.filter((n) => n === run.fragments).length;
  const complete = `${full}/${count}${done.errors.length > 0 ? ` (errors: ${done.errors.join('; ')})` : ''}`;
  return { bus, run, connectMs: ready.type === 'ready' ? ready.connectMs : Number.NaN, idleQueriesPerSecond, latency: summarize(done.latencies), fromSchedule: summarize(done.fromSchedule), spanMs: lastSpanMs, complete,
    serverUs: (used.user + used.system) / delivered, clientUs: (done.cpuMsAfterReady * 1000) / delivered };
}

async function main(): Promise<void> {
  console.log(`# ReasoningDelta delivery latency (graphql-ws subscribers in a separate process, PostgreSQL 15)\n\n${machineLine()}\n`);
  const rows: Row[] = [];
  for (const bus of BUSES) {
    const reasoner = stampingReasoner({ schedule: () => current, gate: () => gate, onSpan: (span) => void (lastSpanMs = span) });
    const bench = await startBenchApp({ engine: 'postgres', env: bus === 'redis' ? { REDIS_URL } : {}, evaluators: [reasoner] });
    try {
      await publishPolicy(bench, await bench.token(['admin']), { slug: 'pets' });
      const { port } = await bench.app.start(0);
      for (const run of RUNS) rows.push(await scenario(bench, port, bus === 'redis' ? 'Redis pub/sub' : 'in-process', run));
    } finally {
      releaseGate();
      await bench.close();
    }
  }
  console.log(markdownTable(
    ['event bus', 'subscribers', 'fragments/s', 'deltas received', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'from schedule p95 ms', 'p99 ms', 'emission span ms', 'all fragments received', 'subscribe all (ms)', 'DB queries/s while idle', 'CPU µs/delta: server', 'subscribers'],
    rows.map((r) => [r.bus, r.run.subscribers, `${1000 / r.run.intervalMs} (${r.run.fragments})`, r.latency.count, ms(r.latency.p50), ms(r.latency.p95), ms(r.latency.p99), ms(r.latency.max), ms(r.fromSchedule.p95), ms(r.fromSchedule.p99),
      ms(r.spanMs), r.complete, ms(r.connectMs), r.idleQueriesPerSecond.toFixed(0), r.serverUs.toFixed(0), r.clientUs.toFixed(0)]),
  ));
  console.log(`\np50–max: from the reasoner's onReasoning call to receipt. From schedule: from the fragment's slot in the reasoner's timetable (what a model server would have sent then) to receipt; it adds the time the fragment waited for a busy event loop. Emission span: first to last onReasoning call; planned (fragments − 1) × interval, e.g. 990 ms for 100 at 100/s.`);
  console.log('\nDB queries/s while idle: transactions committed in the scratch database over 2 s with every subscriber connected and the reasoner held (the worker\'s queue polling included). CPU µs/delta: CPU of the server process (API, embedded worker, event writes) and of the subscriber process from the reasoner\'s release to the last delivery, per delivered delta.');
  console.log('\nGoals: p99 ≤ 10 ms at 100 subscribers; p95 ≤ 150 ms fanned out to 1,000.\n');
  for (const r of rows) {
    const at = `${r.bus}, ${r.run.subscribers.toLocaleString('en')} subscribers at ${1000 / r.run.intervalMs} fragments/s`;
    if (r.run.subscribers === 100) console.log(`- ${at}: p99 ${verdictOf(r.latency.p99, 10)}; from schedule ${verdictOf(r.fromSchedule.p99, 10)}`);
    if (r.run.subscribers === 1000) console.log(`- ${at}: p95 ${verdictOf(r.latency.p95, 150)}; from schedule ${verdictOf(r.fromSchedule.p95, 150)}`);
  }
}

await main();
