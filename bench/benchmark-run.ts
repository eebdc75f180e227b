// A 1,000-item benchmark run against a model server double (its own process) answering in ~50 ms:
// items/s, Arbiter's CPU per item, and how much Arbiter adds to the model server's time.
// Knobs: BENCH_ITEMS (1000), MODEL_DELAY_MS (50), BENCH_ENGINES ("pglite,postgres").
// Run: npx tsx bench/benchmark-run.ts
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { publishPolicy, startBenchApp } from './lib/arbiter.js';
import { machineLine } from './lib/machine.js';
import { markdownTable } from './lib/table.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const DELAY = Number(process.env.MODEL_DELAY_MS ?? 50);
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];

async function modelServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./lib/model-server-child.ts', import.meta.url).pathname], { env: { ...process.env, MODEL_DELAY_MS: String(DELAY) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
  return { url: line!.trim(), stop: () => child.kill('SIGTERM') };
}

async function measure(engine: 'pglite' | 'postgres', url: string) {
  const bench = await startBenchApp({ engine, env: { SAFEGUARD_URL: url, SAFEGUARD_MODEL: 'bench-model', ARBITER_RETRY_LIMIT: '0' } });
  try {
    const admin = await bench.token(['admin']);
    await publishPolicy(bench, admin, { slug: 'pets' });
    await bench.gql('mutation { createDataset(input: { name: "bench" }) { __typename } }', {}, admin);
    const items = Array.from({ length: ITEMS }, (_, i) => ({ content: i % 4 === 0 ? `Kitten ${i} for sale, DM me` : `My kitten ${i} is asleep`, labels: { pets: i % 4 === 0 ? 1 : 0 } }));
    for (let i = 0; i < items.length; i += 5000) {
      await bench.gql('mutation($i: AddDatasetItemsInput!) { addDatasetItems(input: $i) { __typename } }', { i: { dataset: 'bench', items: items.slice(i, i + 5000) } }, admin);
    }
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { startBenchmarkRun } = await bench.gql('mutation { startBenchmarkRun(input: { dataset: "bench", policies: ["pets"], effort: LOW }) { ... on StartBenchmarkRunSuccess { run { id } } } }', {}, admin);
    let run;
    for (;;) {
      run = (await bench.gql('query($id: ID!) { benchmarkRun(id: $id) { status done latencyP50Ms latencyP95Ms metrics { f1 } } }', { id: startBenchmarkRun.run.id }, admin)).benchmarkRun;
      if (run.status !== 'QUEUED' && run.status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const concurrency = bench.app.services.benchmarks.concurrency;
    const idealMs = (ITEMS * Number(run.latencyP50Ms)) / concurrency;
    return {
      engine, status: run.status, items: run.done, concurrency, wallS: (wallMs / 1000).toFixed(2), itemsPerS: (ITEMS / (wallMs / 1000)).toFixed(1),
      cpuPerItemMs: ((used.user + used.system) / 1000 / ITEMS).toFixed(2), modelP50Ms: run.latencyP50Ms, modelP95Ms: run.latencyP95Ms,
      cpuShareOfModel: `${(((used.user + used.system) / 1000 / ITEMS / DELAY) * 100).toFixed(1)}%`,
      wallOverIdeal: `${((wallMs / idealMs - 1) * 100).toFixed(1)}%`, f1: run.metrics[0]?.f1,
    };
  } finally {
    await bench.close();
  }
}

const server = await modelServer();
try {
  const rows = [];
  for (const engine of ENGINES) rows.push(await measure(engine, server.url));
  process.stdout.write(`${machineLine()}\n${ITEMS} items, model double answering in ~${DELAY} ms (own process)\n\n`);
  process.stdout.write(`${markdownTable(['engine', 'status', 'items', 'in flight', 'wall s', 'items/s', 'Arbiter CPU/item ms', 'CPU vs model time', 'model p50 ms', 'model p95 ms', 'wall vs ideal', 'F1'],
    rows.map((r) => [r.engine, r.status, r.items, r.concurrency, r.wallS, r.itemsPerS, r.cpuPerItemMs, r.cpuShareOfModel, r.modelP50Ms, r.modelP95Ms, r.wallOverIdeal, r.f1]))}\n`);
} finally {
  server.stop();
}
