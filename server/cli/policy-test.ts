// `arbiter policy test FILE…|slug@N … --dataset NAME|FILE [--baseline slug@N] [--min-f1 X] [--json] [--junit FILE]`
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { isProblem, splitFrontMatter } from '../domain/policies/document/front-matter.js';
import { readGate } from '../domain/benchmarks/gate.js';
import { createPolicyTestClient, type Fetch, type PolicyTestClient, Q, unwrap } from './policy-test-client.js';
import { junitReport, table } from './policy-test-report.js';
import { UsageError } from './usage.js';

export const USAGE = `usage: arbiter policy test FILE…|slug@N … --dataset NAME|FILE [--baseline slug@N] [--min-f1 X] [--json] [--junit FILE]
       [--url URL --token TOKEN | ARBITER_URL/ARBITER_TOKEN; embedded database otherwise] [--effort low|medium|high] [--label KEY]
exit 0 pass, 1 a gate or threshold failed, 2 usage error`;

const OPTIONS = {
  dataset: { type: 'string' }, baseline: { type: 'string' }, 'min-f1': { type: 'string' }, json: { type: 'boolean' }, junit: { type: 'string' },
  url: { type: 'string' }, token: { type: 'string' }, effort: { type: 'string' }, label: { type: 'string' }, help: { type: 'boolean' },
} as const;

/** One tested policy version and whether it passed. */
export interface PolicyTestResult { ref: string; runId: string; f1: number | null; precision: number | null; recall: number | null; accuracy: number | null; passed: boolean; failures: string[]; metrics: any }

// One line, exit 2 (DESIGN §7 CLI): the command table prints a UsageError that way.
function usage(message = 'give at least one FILE or slug@N and --dataset NAME|FILE (--min-f1 between 0 and 1)'): never {
  throw new UsageError(message);
}

export async function test(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return process.stdout.write(`${USAGE}\n`), 0;
  const minF1 = values['min-f1'] === undefined ? null : Number(values['min-f1']);
  if (positionals.length === 0 || !values.dataset || (minF1 !== null && !(minF1 >= 0 && minF1 <= 1))) return usage();
  if (values.effort && !['low', 'medium', 'high'].includes(values.effort)) return usage(`unknown effort ${values.effort}`);
  const url = values.url ?? env.ARBITER_URL;
  const token = values.token ?? env.ARBITER_TOKEN;
  if ((url && !token) || (!url && token)) return usage('give both --url and --token (or ARBITER_URL and ARBITER_TOKEN)');
  const connection = url ? { client: createPolicyTestClient({ url, token: token!, fetch: fetch as unknown as Fetch }), close: async () => undefined } : await embedded();
  try {
    return await runTests(connection.client, { refs: positionals, dataset: values.dataset, baseline: values.baseline ?? null, minF1, json: values.json ?? false, junit: values.junit ?? null, effort: values.effort ?? null, label: values.label ?? null });
  } finally {
    await connection.close();
  }
}

async function embedded(): Promise<{ client: PolicyTestClient; close: () => Promise<void> }> {
  const [{ createApp, DEFAULT_TENANT }, { loadConfig }, { mintToken }] = await Promise.all([import('../app.js'), import('../config.js'), import('../auth/mint.js')]);
  const config = loadConfig();
  const app = await createApp({ ...config, embeddedWorker: true, seedPolicies: false });
  const token = await mintToken({ secret: app.jwtSecret!, tenant: DEFAULT_TENANT, roles: ['admin'], subject: 'cli:policy-test' });
  return { client: createPolicyTestClient({ url: 'http://embedded/graphql', token, fetch: (u, init) => app.yoga.fetch(u, init) as never }), close: () => app.stop() };
}

interface TestArgs { refs: string[]; dataset: string; baseline: string | null; minF1: number | null; json: boolean; junit: string | null; effort: string | null; label: string | null }

async function runTests(client: PolicyTestClient, args: TestArgs): Promise<number> {
  const dataset = await ensureDataset(client, args.dataset);
  const results: PolicyTestResult[] = [];
  const baseline = args.baseline ? await benchmark(client, args, dataset, args.baseline, null) : null;
  for (const input of args.refs) {
    const { ref, content } = await pushIfFile(client, input);
    const gate = content ? readGate(content) : null;
    results.push(await benchmark(client, args, dataset, ref, { minF1: args.minF1 ?? gate?.minF1 ?? null, maxDrop: gate?.maxF1Drop ?? null, baseF1: baseline?.f1 ?? null }));
  }
  const comparisons = baseline ? await Promise.all(results.map(async (r) => ({ ref: r.ref, ...(await client.request(Q.compare, { b: baseline.runId, c: r.runId })).compareBenchmarkRuns }))) : [];
  const report = { dataset, baseline, results, comparisons, passed: results.every((r) => r.passed) };
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : table(report));
  if (args.junit) await writeFile(args.junit, junitReport(report));
  return report.passed ? 0 : 1;
}

/** A dataset name, or a file imported once under a name derived from its content. */
async function ensureDataset(client: PolicyTestClient, spec: string): Promise<string> {
  const isFile = await stat(spec).then((s) => s.isFile(), () => false);
  if (!isFile) return spec;
  const text = await readFile(spec, 'utf8');
  const name = `ci-${basename(spec).replace(/[^\w.-]/g, '_').slice(0, 60)}-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  if ((await client.request(Q.dataset, { n: name })).dataset) return name;
  unwrap(( await client.request(Q.createDataset, { n: name })).createDataset, 'dataset');
  unwrap((await client.request(Q.importItems, { i: { dataset: name, text, file: basename(spec) } })).importDatasetItems, 'added');
  return name;
}

/** "slug@N" as given; a FILE becomes the policy's next DRAFT version (or the policy's first). */
async function pushIfFile(client: PolicyTestClient, input: string): Promise<{ ref: string; content: string | null }> {
  if (/^[a-z0-9][a-z0-9-]*(@\d+)?$/.test(input) && !(await stat(input).then(() => true, () => false))) return { ref: input, content: null };
  const content = await readFile(input, 'utf8');
  const split = splitFrontMatter(content);
  const slug = isProblem(split) ? null : (parse(split.yaml) as { slug?: unknown; name?: unknown } | null)?.slug;
  if (typeof slug !== 'string') throw Object.assign(new Error(`${input}: no slug in the front matter`), { code: 'VALIDATION_FAILED' });
  const exists = (await client.request(Q.policy, { slug })).policy;
  const name = String((parse((split as { yaml: string }).yaml) as { name?: unknown }).name ?? slug);
  const created = exists
    ? unwrap<{ version: number }>((await client.request(Q.createVersion, { i: { slug, content, changelog: 'arbiter policy test' } })).createPolicyVersion, 'version')
    : unwrap<{ version: number }>((await client.request(Q.createPolicy, { i: { slug, name, content } })).createPolicy, 'version');
  return { ref: `${slug}@${created.version}`, content };
}

async function benchmark(client: PolicyTestClient, args: TestArgs, dataset: string, ref: string, thresholds: { minF1: number | null; maxDrop: number | null; baseF1: number | null } | null): Promise<PolicyTestResult> {
  const slug = ref.split('@')[0]!;
  const input = { dataset, policies: [ref], ...(args.effort ? { effort: args.effort.toUpperCase() } : {}), ...(args.label ? { labelMap: { [slug]: args.label } } : {}) };
  const { id } = unwrap<{ id: string }>((await client.request(Q.start, { i: input })).startBenchmarkRun, 'run');
  let run;
  for (;;) {
    run = (await client.request(Q.run, { id })).benchmarkRun;
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const m = run.metrics[0] ?? {};
  const failures: string[] = [];
  if (run.status !== 'SUCCEEDED') failures.push(`run ${run.status}${run.error ? `: ${run.error}` : ''}`);
  const f1 = m.f1 ?? null;
  if (thresholds?.minF1 != null && (f1 ?? 0) < thresholds.minF1) failures.push(`F1 ${fmt(f1)} < min ${thresholds.minF1}`);
  if (thresholds?.maxDrop != null && thresholds.baseF1 != null && (f1 ?? 0) < thresholds.baseF1 - thresholds.maxDrop) failures.push(`F1 dropped more than ${thresholds.maxDrop} from the baseline's ${fmt(thresholds.baseF1)}`);
  return { ref, runId: id, f1, precision: m.precision ?? null, recall: m.recall ?? null, accuracy: m.accuracy ?? null, passed: failures.length === 0, failures, metrics: run };
}

export const fmt = (x: number | null | undefined): string => (x == null ? '—' : x.toFixed(4));
