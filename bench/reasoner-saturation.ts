// Does Arbiter keep a batching model server saturated? A simulated continuous-batching server
// (capacity, TTFT, per-token pacing; OpenAI streaming over HTTP, each replica in its own process)
// is driven by a bare streaming client and by Arbiter in the same run, at the same number of
// outstanding calls, with the checkout's default settings:
//   - one `arbiter worker` process on PostgreSQL (API in this process, Redis between them), 128 streams;
//   - the embedded default (PGlite, worker in the API process), 64 streams;
//   - two `arbiter worker` processes on two replicas (SAFEGUARD_URL lists both), 256 streams.
// Knobs: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3), BENCH_SCENARIOS (all), BENCH_CAPACITY (128
// sequences per replica), BENCH_TTFT_MS (100), BENCH_TOKEN_MS (25); ARBITER_* pass through.
// Run: npx tsx bench/reasoner-saturation.ts
import { BENCH_TENANT, publishPolicy, startBenchApp, type BenchApp } from './lib/arbiter.js';
import { countPublishedDeltas, finishedEvaluations, persistedDeltas, startArbiterLoad } from './lib/arbiter-load.js';
import { startBareLoad } from './lib/bare-stream-client.js';
import { machineLine } from './lib/machine.js';
import { startReplica, startWorker, type Child, type Replica } from './lib/processes.js';
import { markdownTable } from './lib/table.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const REDIS_URL = process.env.ARBITER_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MODEL = 'openai/gpt-oss-safeguard-20b';
const SIM = {
  capacity: Number(process.env.BENCH_CAPACITY ?? 128), ttftMs: Number(process.env.BENCH_TTFT_MS ?? 100),
  tokenMs: Number(process.env.BENCH_TOKEN_MS ?? 25), reasoningTokens: 40, answerTokens: 8, model: MODEL,
};
const ALL = ['postgres-1-worker', 'pglite-embedded', 'postgres-2-workers'] as const;
type Scenario = (typeof ALL)[number];
const SCENARIOS = (process.env.BENCH_SCENARIOS?.split(',') ?? ALL) as Scenario[];
const STREAMS: Record<Scenario, number> = { 'postgres-1-worker': 128, 'pglite-embedded': 64, 'postgres-2-workers': 256 };

interface Window {
  readonly perSecond: number;
  readonly peak: readonly number[];
  readonly deltasPersisted?: number;
  readonly deltasPublished: number;
  readonly unfinished?: number;
}
interface Measured { readonly perSecond: number; readonly peak: number[]; readonly deltas: number; readonly from: Date; readonly to: Date }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits out the warm-up, then measures `SECONDS`: completions/s, peak streams per replica, deltas/s. */
async function measure(replicas: readonly Replica[], completed: () => number, deltas: () => number): Promise<Measured> {
  await sleep(WARMUP * 1000);
  await Promise.all(replicas.map((r) => r.resetStats()));
  const [c0, d0, from] = [completed(), deltas(), new Date()];
  await sleep(SECONDS * 1000);
  const [c1, d1, to] = [completed(), deltas(), new Date()];
  const peak = (await Promise.all(replicas.map((r) => r.stats()))).map((s) => s.peakActive);
  return { perSecond: (c1 - c0) / SECONDS, peak, deltas: (d1 - d0) / SECONDS, from, to };
}

async function bare(replicas: readonly Replica[], streams: number): Promise<Window> {
  const load = startBareLoad(replicas.map((r) => r.url), streams);
  const m = await measure(replicas, load.completed, load.deltas);
  await load.stop();
  return { perSecond: m.perSecond, peak: m.peak, deltasPublished: m.deltas };
}

async function arbiter(scenario: Scenario, replicas: readonly Replica[]): Promise<Window> {
  const postgres = scenario !== 'pglite-embedded';
  const safeguard = { SAFEGUARD_URL: replicas.map((r) => r.url).join(','), SAFEGUARD_MODEL: MODEL };
  const env = postgres ? { ...safeguard, ARBITER_EMBEDDED_WORKER: 'false', REDIS_URL: REDIS_URL } : safeguard;
  const bench = await startBenchApp({ engine: postgres ? 'postgres' : 'pglite', env });
  const workers: Child[] = [];
  try {
    const admin = await bench.token(['admin']);
    await publishPolicy(bench, admin, { slug: 'pets' });
    const passed = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('ARBITER_')));
    const workerEnv = { ...passed, ...safeguard, DATABASE_URL: bench.scratch?.url, REDIS_URL: REDIS_URL };
    // PORT 0: each worker's health/metrics server takes a free port (two cannot share 4000).
    for (let i = 0; postgres && i < (scenario === 'postgres-2-workers' ? 2 : 1); i += 1) workers.push(await startWorker({ ...workerEnv, PORT: '0' }));
    const published = await countPublishedDeltas(bench, postgres ? REDIS_URL : null);
    const load = startArbiterLoad(bench, admin, STREAMS[scenario]);
    const m = await measure(replicas, load.completed, published.count);
    await load.stop();
    await published.close();
    const deltasPersisted = (await persistedDeltas(bench, m.from, m.to)) / SECONDS;
    const perSecond = (await finishedEvaluations(bench, m.from, m.to)) / SECONDS;
    return { perSecond, peak: m.peak, deltasPersisted, deltasPublished: m.deltas, unfinished: load.unfinished() };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await bench.close().catch(() => undefined);
  }
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const replicas = await Promise.all([startReplica(SIM), startReplica(SIM)]);
try {
  const rows: (string | number)[][] = [];
  const goals: string[] = [];
  for (const scenario of SCENARIOS) {
    const used = scenario === 'postgres-2-workers' ? replicas : replicas.slice(0, 1);
    const streams = STREAMS[scenario];
    const baseline = await bare(used, streams);
    const measured = await arbiter(scenario, used);
    const ratio = measured.perSecond / baseline.perSecond;
    const label = `bare client, ${used.length} replica${used.length > 1 ? 's' : ''}`;
    rows.push([label, streams, fmt(baseline.perSecond), '100%', baseline.peak.join(' + '), fmt(baseline.deltasPublished, 0), '–', '–']);
    rows.push([`Arbiter: ${scenario}`, streams, fmt(measured.perSecond), `${fmt(ratio * 100, 0)}%`, measured.peak.join(' + '),
      fmt(measured.deltasPersisted ?? 0, 0), fmt(measured.deltasPublished, 0), measured.unfinished ?? 0]);
    goals.push(`${scenario}: ${fmt(measured.perSecond)} evaluations/s = ${fmt(ratio * 100, 0)}% of the bare client's ` +
      `${fmt(baseline.perSecond)}/s at ${streams} streams`);
    console.error(`done: ${goals.at(-1)}`);
  }
  console.log(`## Reasoner saturation (${SECONDS} s windows after ${WARMUP} s warm-up)\n`);
  console.log(`${machineLine()}\n`);
  const callSeconds = (SIM.ttftMs + (SIM.reasoningTokens + SIM.answerTokens) * SIM.tokenMs) / 1000;
  console.log(`Simulated server per replica: ${SIM.capacity} sequences per batch, TTFT ${SIM.ttftMs} ms, ` +
    `${SIM.tokenMs} ms per token step, ${SIM.reasoningTokens} reasoning + ${SIM.answerTokens} answer tokens ` +
    `(≈${fmt(callSeconds, 2)} s per call unqueued).\n`);
  const headers = ['client', 'streams offered', 'evaluations/s', 'vs bare', 'peak streams open (per replica)',
    'deltas/s persisted', 'deltas/s published', 'waits that ended unfinished'];
  console.log(markdownTable(headers, rows));
  console.log(`\n${goals.map((g) => `- ${g}`).join('\n')}`);
} finally {
  await Promise.all(replicas.map((r) => r.stop()));
}
