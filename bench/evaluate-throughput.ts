// `evaluate` throughput on the triage-only path (the policy's rule match decides, `wait: false`)
// over real HTTP on loopback, beside a bare graphql-yoga server measured by the same client.
// The load client runs in its own process; server, embedded worker and client share the cores.
// Knobs: BENCH_SECONDS (8), BENCH_WARMUP_SECONDS (2), BENCH_CONCURRENCY ("8,32"), BENCH_ENGINES ("pglite,postgres"),
// BENCH_WORKER ("on,off"); ARBITER_* variables (e.g. ARBITER_WORKER_CONCURRENCY) pass through to the server.
// Run: npx tsx bench/evaluate-throughput.ts
import { sql } from 'kysely';
import { BENCH_TENANT, publishPolicy, startBenchApp } from './lib/arbiter.js';
import { runLoad, type LoadFigures } from './lib/http-load.js';
import { startHelloYoga } from './lib/hello-yoga.js';
import { machineLine } from './lib/machine.js';
import { ms, verdictOf } from './lib/stats.js';
import { markdownTable } from './lib/table.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '8,32').split(',').map(Number);
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const WORKER = (process.env.BENCH_WORKER ?? 'on,off').split(',').map((w) => w === 'on');
const EVALUATE = 'mutation($input: EvaluateInput!) { evaluate(input: $input) { __typename ... on EvaluateSuccess { evaluation { id status } } ... on Error { code message } } }';
// "puppies for sale" matches rule PT1.a (severity 2, under the review threshold 4): triage decides VIOLATING.
const INPUT = { content: 'Puppies for sale, $300 each, DM me #{{n}}', policies: ['pets'], wait: false };

interface Row {
  readonly server: string;
  readonly worker: string;
  readonly concurrency: number;
  readonly figures: LoadFigures;
  readonly drained?: { finishedPerSecond: number; backlog: number; statuses: string };
}

const plan = (url: string, bodyTemplate: string, expect: string, concurrency: number, headers: Record<string, string> = {}) =>
  ({ url, bodyTemplate, expect, concurrency, headers, warmupMs: WARMUP * 1000, durationMs: SECONDS * 1000 });

async function helloYoga(concurrency: number): Promise<Row> {
  const server = await startHelloYoga();
  try {
    const body = JSON.stringify({ query: 'mutation($t: String!) { echo(text: $t) }', variables: { t: INPUT.content } });
    const figures = await runLoad(plan(server.url, body, '"echo"', concurrency));
    return { server: 'bare graphql-yoga (echo mutation)', worker: '–', concurrency, figures };
  } finally {
    await server.close();
  }
}

async function arbiter(engine: 'pglite' | 'postgres', worker: boolean, concurrency: number): Promise<Row> {
  const bench = await startBenchApp({ engine, env: { ARBITER_EMBEDDED_WORKER: String(worker) } });
  try {
    const admin = await bench.token(['admin']);
    await publishPolicy(bench, admin, { slug: 'pets' });
    const service = await bench.token(['service']);
    const { port } = await bench.app.start(0);
    const started = performance.now();
    const body = JSON.stringify({ query: EVALUATE, variables: { input: INPUT } });
    const figures = await runLoad(plan(`http://127.0.0.1:${port}/graphql`, body, '"EvaluateSuccess"', concurrency, { authorization: `Bearer ${service}` }));
    const elapsed = (performance.now() - started) / 1000;
    const { rows } = await sql<{ status: string; n: number }>`select status, count(*)::int as n from evaluations group by status order by status`.execute(bench.app.database.db);
    const finished = rows.filter((r) => ['DECIDED', 'ESCALATED', 'FAILED'].includes(r.status)).reduce((sum, r) => sum + r.n, 0);
    const backlog = rows.filter((r) => ['QUEUED', 'TRIAGE'].includes(r.status)).reduce((sum, r) => sum + r.n, 0);
    const statuses = rows.map((r) => `${r.status} ${r.n}`).join(', ');
    return { server: `Arbiter on ${engine === 'pglite' ? 'PGlite (on disk)' : 'PostgreSQL 15'}`, worker: worker ? 'on' : 'off', concurrency, figures, drained: { finishedPerSecond: finished / elapsed, backlog, statuses } };
  } finally {
    await bench.close();
  }
}

const rate = (value: number) => value.toFixed(0);

async function main(): Promise<void> {
  console.log(`# evaluate throughput (triage-only path, wait: false)\n\n${machineLine()} · tenant ${BENCH_TENANT} · ${WARMUP} s warm-up + ${SECONDS} s per cell\n`);
  const rows: Row[] = [];
  for (const concurrency of CONCURRENCY) {
    rows.push(await helloYoga(concurrency));
    for (const engine of ENGINES) for (const worker of WORKER) rows.push(await arbiter(engine, worker, concurrency));
  }
  console.log(markdownTable(
    ['server', 'embedded worker', 'clients', 'requests/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'worker finished/s', 'left queued at end'],
    rows.map((r) => [r.server, r.worker, r.concurrency, rate(r.figures.perSecond), ms(r.figures.latency.p50), ms(r.figures.latency.p95), ms(r.figures.latency.p99), r.figures.errors,
      r.drained && r.worker === 'on' ? rate(r.drained.finishedPerSecond) : '–', r.drained ? r.drained.backlog : '–']),
  ));
  console.log('\nGoal: ≥ 500 evaluations/s on PostgreSQL with p95 ≤ 50 ms.\n');
  for (const r of rows.filter((row) => row.server.includes('PostgreSQL'))) {
    console.log(`- PostgreSQL, worker ${r.worker}, ${r.concurrency} clients: throughput ${verdictOf(r.figures.perSecond, 500, { atLeast: true, unit: '/s' })}; p95 ${verdictOf(r.figures.latency.p95, 50)}`);
  }
  console.log('\nEvaluation statuses at the end of each Arbiter cell:\n');
  for (const r of rows.filter((row) => row.drained)) console.log(`- ${r.server}, worker ${r.worker}, ${r.concurrency} clients: ${r.drained!.statuses}`);
}

await main();
