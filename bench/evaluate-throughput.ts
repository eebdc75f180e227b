// `evaluate` throughput on the triage-only path (the policy's rule match decides, `wait: false`)
// over real HTTP on loopback, beside a bare graphql-yoga server measured by the same client.
// The load client runs in its own process; server, embedded worker and client share the cores.
// Knobs: BENCH_SECONDS (6), BENCH_WARMUP_SECONDS (2), BENCH_CONCURRENCY ("8,32"), BENCH_ENGINES ("pglite,postgres"),
// BENCH_WORKER ("on,off"), BENCH_DRAIN_BACKLOG (100); ARBITER_* variables (e.g. ARBITER_WORKER_CONCURRENCY) pass through to the server.
// Run: npx tsx bench/evaluate-throughput.ts
import { sql } from 'kysely';
import { BENCH_TENANT, publishPolicy, startBenchApp } from './lib/arbiter.js';
import { backendCpu } from './lib/cpu.js';
import { runLoad, type LoadFigures } from './lib/http-load.js';
import { startHelloYoga } from './lib/hello-yoga.js';
import { machineLine } from './lib/machine.js';
import { ms, verdictOf } from './lib/stats.js';
import { markdownTable } from './lib/table.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '8,16,32').split(',').map(Number);
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const WORKER = (process.env.BENCH_WORKER ?? 'on,off').split(',').map((w) => w === 'on');
const DRAIN_BACKLOG = Number(process.env.BENCH_DRAIN_BACKLOG ?? 100);
const DRAIN_LIMIT_S = 30;
const WORKERS = Number(process.env.ARBITER_WORKER_CONCURRENCY ?? 4);
const EVALUATE = 'mutation($input: EvaluateInput!) { evaluate(input: $input) { __typename ... on EvaluateSuccess { evaluation { id status } } ... on Error { code message } } }';
// "puppies for sale" matches rule PT1.a (severity 2, under the review threshold 4): triage decides VIOLATING.
const INPUT = { content: 'Puppies for sale, $300 each, DM me #{{n}}', policies: ['pets'], wait: false };

interface Row {
  readonly server: string;
  readonly worker: string;
  readonly concurrency: number;
  readonly figures: LoadFigures;
  readonly drained?: { finishedPerSecond: number; backlog: number; statuses: string };
  /** CPU per request (warm-up included): this process (server + embedded worker), PostgreSQL backends, load client. */
  readonly cpu: { server: number; postgres: number | null; client: number };
}

const plan = (url: string, bodyTemplate: string, expect: string, concurrency: number, headers: Record<string, string> = {}) =>
  ({ url, bodyTemplate, expect, concurrency, headers, warmupMs: WARMUP * 1000, durationMs: SECONDS * 1000 });

async function helloYoga(concurrency: number): Promise<Row> {
  const server = await startHelloYoga();
  try {
    const body = JSON.stringify({ query: 'mutation($t: String!) { echo(text: $t) }', variables: { t: INPUT.content } });
    const cpu = process.cpuUsage();
    const figures = await runLoad(plan(server.url, body, '"echo"', concurrency));
    const used = process.cpuUsage(cpu);
    const perRequest = (ms: number) => ms / figures.requestsSent;
    return { server: 'bare graphql-yoga (echo mutation)', worker: '–', concurrency, figures, cpu: { server: perRequest((used.user + used.system) / 1000), postgres: null, client: perRequest(figures.clientCpuMs) } };
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
    const cpu = process.cpuUsage();
    const backends = bench.scratch ? await backendCpu(bench.scratch.url) : null;
    const figures = await runLoad(plan(`http://127.0.0.1:${port}/graphql`, body, '"EvaluateSuccess"', concurrency, { authorization: `Bearer ${service}` }));
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const postgresMs = backends ? await backends.stop() : null;
    const perRequest = (ms: number) => ms / figures.requestsSent;
    const { rows } = await sql<{ status: string; n: number }>`select status, count(*)::int as n from evaluations group by status order by status`.execute(bench.app.database.db);
    const finished = rows.filter((r) => ['DECIDED', 'ESCALATED', 'FAILED'].includes(r.status)).reduce((sum, r) => sum + r.n, 0);
    const backlog = rows.filter((r) => ['QUEUED', 'TRIAGE'].includes(r.status)).reduce((sum, r) => sum + r.n, 0);
    const statuses = rows.map((r) => `${r.status} ${r.n}`).join(', ');
    return { server: `Arbiter on ${engine === 'pglite' ? 'PGlite (on disk)' : 'PostgreSQL 15'}`, worker: worker ? 'on' : 'off', concurrency, figures, drained: { finishedPerSecond: finished / elapsed, backlog, statuses },
      cpu: { server: perRequest((used.user + used.system) / 1000), postgres: postgresMs === null ? null : perRequest(postgresMs), client: perRequest(figures.clientCpuMs) } };
  } finally {
    await bench.close();
  }
}

/**
 * The embedded worker alone: `backlog` evaluations submitted with the worker off, then the worker
 * started and timed until every one is finished (bounded by DRAIN_LIMIT_S).
 */
async function drain(engine: 'pglite' | 'postgres'): Promise<(string | number)[]> {
  const bench = await startBenchApp({ engine, env: { ARBITER_EMBEDDED_WORKER: 'false' } });
  try {
    const admin = await bench.token(['admin']);
    await publishPolicy(bench, admin, { slug: 'pets' });
    for (let i = 0; i < DRAIN_BACKLOG; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => bench.gql(EVALUATE, { input: { ...INPUT, content: INPUT.content.replace('{{n}}', String(i + j)) } }, admin)));
    }
    const cpu = process.cpuUsage();
    const backends = bench.scratch ? await backendCpu(bench.scratch.url) : null;
    const started = performance.now();
    await bench.app.services.engine.startWorker();
    let finished = 0;
    while (finished < DRAIN_BACKLOG && performance.now() - started < DRAIN_LIMIT_S * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from evaluations where status in ('DECIDED', 'ESCALATED', 'FAILED')`.execute(bench.app.database.db);
      finished = rows[0]!.n;
    }
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const postgresMs = backends ? await backends.stop() : null;
    const perEvaluation = (value: number) => ms(value / Math.max(1, finished));
    return [engine === 'pglite' ? 'PGlite (on disk)' : 'PostgreSQL 15', WORKERS, `${finished}/${DRAIN_BACKLOG}`, seconds.toFixed(1), (finished / seconds).toFixed(1),
      perEvaluation((used.user + used.system) / 1000), postgresMs === null ? '–' : perEvaluation(postgresMs)];
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
    ['server', 'embedded worker', 'clients', 'requests/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'worker finished/s', 'left queued at end', 'CPU ms/req: server', 'PostgreSQL', 'client'],
    rows.map((r) => [r.server, r.worker, r.concurrency, rate(r.figures.perSecond), ms(r.figures.latency.p50), ms(r.figures.latency.p95), ms(r.figures.latency.p99), r.figures.errors,
      r.drained && r.worker === 'on' ? rate(r.drained.finishedPerSecond) : '–', r.drained ? r.drained.backlog : '–',
      ms(r.cpu.server), r.cpu.postgres === null ? '–' : ms(r.cpu.postgres), ms(r.cpu.client)]),
  ));
  console.log('\nCPU ms/req: CPU time per request over the whole cell (warm-up included) of this process (server and, when on, the embedded worker; PGlite runs in it too), of the PostgreSQL backends serving the scratch database, and of the load-client process. On 2 cores their sum bounds throughput at about 2000 / sum requests/s.');
  console.log('\nGoal: ≥ 500 evaluations/s on PostgreSQL with p95 ≤ 50 ms.\n');
  for (const r of rows.filter((row) => row.server.includes('PostgreSQL'))) {
    console.log(`- PostgreSQL, worker ${r.worker}, ${r.concurrency} clients: throughput ${verdictOf(r.figures.perSecond, 500, { atLeast: true, unit: '/s' })}; p95 ${verdictOf(r.figures.latency.p95, 50)}`);
  }
  console.log('\nEvaluation statuses at the end of each Arbiter cell:\n');
  for (const r of rows.filter((row) => row.drained)) console.log(`- ${r.server}, worker ${r.worker}, ${r.concurrency} clients: ${r.drained!.statuses}`);
  console.log(`\n## Embedded worker alone: draining a backlog of ${DRAIN_BACKLOG} triage-decided evaluations (no API load)\n`);
  const drained = [];
  for (const engine of ENGINES) drained.push(await drain(engine));
  console.log(markdownTable(['database', 'worker concurrency', 'finished', 'seconds', 'evaluations/s', 'CPU ms/evaluation: worker process', 'PostgreSQL'], drained));
  console.log('\n(CPU per evaluation includes the queue polling done meanwhile: 4 pg-boss fetch loops every 0.5 s.)');
}

await main();
