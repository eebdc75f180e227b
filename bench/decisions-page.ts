// `decisions` page latency through yoga.fetch over a 1,000,000-verdict history on PostgreSQL:
// the first page, a cursor walk from the top, and jumps deep into the history with made-up
// cursors; then EXPLAIN ANALYZE of the SQL of a deep page, as the server compiles it.
// Knobs: BENCH_EVALUATIONS (500000, two verdicts each), BENCH_REPEAT (40).
// Run: npx tsx bench/decisions-page.ts
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '../server/db/schema.js';
import { listDecisions } from '../server/domain/verdicts/decisions.js';
import { rowId } from '../schema/ids.js';
import { BENCH_TENANT, type BenchApp, publishPolicy, startBenchApp } from './lib/arbiter.js';
import { machineLine } from './lib/machine.js';
import { ms, summarize, verdictOf } from './lib/stats.js';
import { markdownTable } from './lib/table.js';
import { loadHistory } from './lib/verdict-load.js';

const EVALUATIONS = Number(process.env.BENCH_EVALUATIONS ?? 500_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 40);
const PAGE = `query($filter: DecisionFilter!, $after: String) { decisions(filter: $filter, first: 50, after: $after) {
  edges { cursor node { id stage label ruleIds severity confidence recommendedAction evaluator evaluatorIdentity latencyMs createdAt hash } }
  pageInfo { hasNextPage endCursor } } }`;

type Filter = { readonly policySlug: string; readonly version?: number };
const cursorOf = (createdAt: Date, id: string): string => Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

async function timePage(bench: BenchApp, token: string, filter: Filter, after: string | null): Promise<{ ms: number; endCursor: string | null; rows: number }> {
  const started = performance.now();
  const data = await bench.gql(PAGE, { filter, after }, token);
  const elapsed = performance.now() - started;
  return { ms: elapsed, endCursor: data.decisions.pageInfo.endCursor, rows: data.decisions.edges.length };
}

/** The cursor of the row at `depth` (0-based) in the filter's newest-first order. */
async function cursorAt(client: pg.Client, versionIds: readonly string[], depth: number): Promise<string> {
  const { rows } = await client.query<{ created_at: Date; id: string }>(
    'select created_at, id from verdicts where policy_version_id = any($1::uuid[]) order by created_at desc, id desc offset $2 limit 1', [versionIds, depth]);
  return cursorOf(rows[0]!.created_at, rows[0]!.id);
}

/** The SQL listDecisions sends for a page after `cursor`, captured from Kysely rather than retyped. */
async function compiledPage(url: string, q: Parameters<typeof listDecisions>[1]): Promise<CompiledQuery> {
  let captured: CompiledQuery | null = null;
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }), log: (event) => void (captured = event.query) });
  await listDecisions(db, q);
  await db.destroy();
  return captured!;
}

async function main(): Promise<void> {
  console.log(`# decisions page latency (${(2 * EVALUATIONS).toLocaleString('en')} verdicts, PostgreSQL 15)\n\n${machineLine()}\n`);
  const bench = await startBenchApp({ engine: 'postgres', env: { ARBITER_EMBEDDED_WORKER: 'false' } });
  const client = new pg.Client({ connectionString: bench.scratch!.url });
  await client.connect();
  try {
    const admin = await bench.token(['admin']);
    const auditor = await bench.token(['auditor']);
    const publish = async (options: Parameters<typeof publishPolicy>[2]) => rowId(await publishPolicy(bench, admin, options), 'PolicyVersion');
    const versions = { pets1: await publish({ slug: 'pets' }), pets2: await publish({ slug: 'pets', extraRule: true }), spam: await publish({ slug: 'spam' }), hate: await publish({ slug: 'hate' }) };
    const tenantId = (await client.query<{ id: string }>('select id from tenants where key = $1', [BENCH_TENANT])).rows[0]!.id;
    const started = performance.now();
    const timings = await loadHistory(bench.scratch!.url, { tenantId, versionIds: [versions.pets1, versions.pets2, versions.spam, versions.hate], evaluations: EVALUATIONS, spacingSeconds: 30, newest: new Date() });
    const size = (await client.query<{ size: string }>("select pg_size_pretty(pg_total_relation_size('verdicts')) as size")).rows[0]!.size;
    console.log(`Loaded in ${((performance.now() - started) / 1000).toFixed(0)} s (${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}); verdicts table with indexes: ${size}.\n`);

    const scopes = [
      { label: 'pets@2 (one version)', filter: { policySlug: 'pets', version: 2 }, ids: [versions.pets2] },
      { label: 'pets, any version (two versions)', filter: { policySlug: 'pets' }, ids: [versions.pets1, versions.pets2] },
    ];
    const sqlDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: bench.scratch!.url, max: 1 }) }) });
    const timeSql = async (ids: string[], cursor: string | null) => {
      const position = cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string]) : null;
      const started = performance.now();
      await listDecisions(sqlDb, { tenantId, policyVersionIds: ids, after: position && { key: position[0], id: position[1] }, limit: 51 });
      return performance.now() - started;
    };
    const rows: (string | number)[][] = [];
    const goal: string[] = [];
    const worst: { scope: (typeof scopes)[number]; cursor: string | null; p95: number; name: string }[] = [];
    for (const scope of scopes) {
      const total = (EVALUATIONS * 2) / (scope.ids.length === 1 ? 4 : 2);
      for (let i = 0; i < 5; i += 1) await timePage(bench, auditor, scope.filter, null); // warm-up: plans, resolvers, JIT
      const cells: { name: string; cursors: (string | null)[]; samples: number[] }[] = [{ name: 'first page', cursors: Array(REPEAT).fill(null), samples: [] }];
      const walk: number[] = [];
      const walked: (string | null)[] = [null];
      for (let i = 0; i < REPEAT * 2; i += 1) {
        const page = await timePage(bench, auditor, scope.filter, walked.at(-1)!);
        walk.push(page.ms);
        walked.push(page.endCursor);
      }
      cells.push({ name: `cursor walk, pages 1–${REPEAT * 2}`, cursors: walked.slice(0, -1), samples: walk });
      for (const depth of [Math.min(10_000, Math.floor(total / 10)), Math.floor(total / 2), total - 100]) {
        cells.push({ name: `jump to row ${depth.toLocaleString('en')}`, cursors: Array(REPEAT).fill(await cursorAt(client, scope.ids, depth)), samples: [] });
      }
      for (const cell of cells) {
        if (cell.samples.length === 0) for (const cursor of cell.cursors) cell.samples.push((await timePage(bench, auditor, scope.filter, cursor)).ms);
        const sqlOnly: number[] = [];
        for (const cursor of cell.cursors) sqlOnly.push(await timeSql(scope.ids, cursor));
        const s = summarize(cell.samples);
        const q = summarize(sqlOnly);
        rows.push([`${scope.label}, ${total.toLocaleString('en')} rows`, cell.name, s.count, ms(s.p50), ms(s.p95), ms(s.max), ms(q.p50), ms(q.p95)]);
        goal.push(`- ${scope.label}, ${cell.name}: p95 ${verdictOf(s.p95, 20)}`);
        worst.push({ scope, cursor: cell.cursors[0] ?? null, p95: s.p95, name: cell.name });
      }
    }
    await sqlDb.destroy();
    console.log(markdownTable(['filter', 'page', 'pages timed', 'GraphQL p50 ms', 'GraphQL p95 ms', 'GraphQL max ms', 'SQL only p50 ms', 'SQL only p95 ms'], rows));
    console.log(`\nGraphQL: the whole request through yoga.fetch (token check, slug → version ids, page query, 50 nodes serialised). SQL only: listDecisions alone.\n\nGoal: a 50-row page p95 ≤ 20 ms at any depth.\n\n${goal.join('\n')}\n`);

    // The plan of the slowest deep page of each filter (jumps only: the walk and first page are shallow).
    for (const scope of scopes) {
      const deepest = worst.filter((w) => w.scope === scope && w.name.startsWith('jump')).sort((a, b) => b.p95 - a.p95)[0]!;
      const position = JSON.parse(Buffer.from(deepest.cursor!, 'base64url').toString()) as [string, string];
      const query = await compiledPage(bench.scratch!.url, { tenantId, policyVersionIds: scope.ids, after: { key: position[0], id: position[1] }, limit: 51 });
      const plan = await client.query(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
      console.log(`EXPLAIN (ANALYZE, BUFFERS), ${scope.label}, ${deepest.name} (the slowest jump):\n\n\`\`\`\n${query.sql}\n\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\`\n`);
    }
  } finally {
    await client.end();
    await bench.close();
  }
}

await main();
