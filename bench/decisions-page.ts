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

interface Fixture {
  readonly bench: BenchApp;
  readonly client: pg.Client;
  readonly sqlDb: Kysely<Database>;
  readonly tenantId: string;
  readonly auditor: string;
}

interface Scope {
  readonly label: string;
  readonly filter: Filter;
  readonly ids: readonly string[];
  readonly rows: number;
}

interface Cell {
  readonly name: string;
  readonly cursors: readonly (string | null)[];
  readonly graphql: number[];
  readonly sql: number[];
}

const decode = (cursor: string): { key: string; id: string } => {
  const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
  return { key, id };
};

async function timePage(fx: Fixture, filter: Filter, after: string | null): Promise<{ ms: number; endCursor: string | null }> {
  const started = performance.now();
  const data = await fx.bench.gql(PAGE, { filter, after }, fx.auditor);
  return { ms: performance.now() - started, endCursor: data.decisions.pageInfo.endCursor };
}

async function timeSql(fx: Fixture, ids: readonly string[], cursor: string | null): Promise<number> {
  const started = performance.now();
  await listDecisions(fx.sqlDb, { tenantId: fx.tenantId, policyVersionIds: ids, after: cursor ? decode(cursor) : null, limit: 51 });
  return performance.now() - started;
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

/** Four published versions through the API (pets v1, pets v2, spam, hate), then the bulk-loaded history. */
async function loadFixture(bench: BenchApp, client: pg.Client): Promise<{ tenantId: string; scopes: Scope[] }> {
  const admin = await bench.token(['admin']);
  const publish = async (options: Parameters<typeof publishPolicy>[2]) => rowId(await publishPolicy(bench, admin, options), 'PolicyVersion');
  const versions = [await publish({ slug: 'pets' }), await publish({ slug: 'pets', extraRule: true }), await publish({ slug: 'spam' }), await publish({ slug: 'hate' })] as const;
  const tenantId = (await client.query<{ id: string }>('select id from tenants where key = $1', [BENCH_TENANT])).rows[0]!.id;
  const started = performance.now();
  const timings = await loadHistory(bench.scratch!.url, { tenantId, versionIds: versions, evaluations: EVALUATIONS, spacingSeconds: 30, newest: new Date() });
  const size = (await client.query<{ size: string }>("select pg_size_pretty(pg_total_relation_size('verdicts')) as size")).rows[0]!.size;
  const steps = Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ');
  console.log(`Loaded in ${((performance.now() - started) / 1000).toFixed(0)} s (${steps}); verdicts table with indexes: ${size}.\n`);
  return {
    tenantId,
    scopes: [
      { label: 'pets@2 (one version)', filter: { policySlug: 'pets', version: 2 }, ids: [versions[1]], rows: EVALUATIONS / 2 },
      { label: 'pets, any version (two versions)', filter: { policySlug: 'pets' }, ids: [versions[0], versions[1]], rows: EVALUATIONS },
    ],
  };
}

/** First page, a walk from the top, and jumps to three depths; each page timed through GraphQL and as SQL alone. */
async function measure(fx: Fixture, scope: Scope): Promise<Cell[]> {
  for (let i = 0; i < 5; i += 1) await timePage(fx, scope.filter, null); // warm-up: plans, resolvers, JIT
  const cells: Cell[] = [{ name: 'first page', cursors: Array(REPEAT).fill(null), graphql: [], sql: [] }];
  const walked: (string | null)[] = [null];
  const walk: number[] = [];
  for (let i = 0; i < REPEAT * 2; i += 1) {
    const page = await timePage(fx, scope.filter, walked.at(-1)!);
    walk.push(page.ms);
    walked.push(page.endCursor);
  }
  cells.push({ name: `cursor walk, pages 1–${REPEAT * 2}`, cursors: walked.slice(0, -1), graphql: walk, sql: [] });
  for (const depth of [Math.min(10_000, Math.floor(scope.rows / 10)), Math.floor(scope.rows / 2), scope.rows - 100]) {
    cells.push({ name: `jump to row ${depth.toLocaleString('en')}`, cursors: Array(REPEAT).fill(await cursorAt(fx.client, scope.ids, depth)), graphql: [], sql: [] });
  }
  for (const cell of cells) {
    if (cell.graphql.length === 0) for (const cursor of cell.cursors) cell.graphql.push((await timePage(fx, scope.filter, cursor)).ms);
    for (const cursor of cell.cursors) cell.sql.push(await timeSql(fx, scope.ids, cursor));
  }
  return cells;
}

/** EXPLAIN ANALYZE of the slowest jump (the walk and the first page are shallow). */
async function explainSlowest(fx: Fixture, scope: Scope, cells: readonly Cell[]): Promise<string> {
  const slowest = cells.filter((c) => c.name.startsWith('jump')).sort((a, b) => summarize(b.graphql).p95 - summarize(a.graphql).p95)[0]!;
  const query = await compiledPage(fx.bench.scratch!.url, { tenantId: fx.tenantId, policyVersionIds: scope.ids, after: decode(slowest.cursors[0]!), limit: 51 });
  const plan = await fx.client.query(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
  return `EXPLAIN (ANALYZE, BUFFERS), ${scope.label}, ${slowest.name} (the slowest jump):\n\n\`\`\`\n${query.sql}\n\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\`\n`;
}

async function main(): Promise<void> {
  console.log(`# decisions page latency (${(2 * EVALUATIONS).toLocaleString('en')} verdicts, PostgreSQL 15)\n\n${machineLine()}\n`);
  const bench = await startBenchApp({ engine: 'postgres', env: { ARBITER_EMBEDDED_WORKER: 'false' } });
  const client = new pg.Client({ connectionString: bench.scratch!.url });
  await client.connect();
  const sqlDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: bench.scratch!.url, max: 1 }) }) });
  try {
    const { tenantId, scopes } = await loadFixture(bench, client);
    const fx: Fixture = { bench, client, sqlDb, tenantId, auditor: await bench.token(['auditor']) };
    const rows: (string | number)[][] = [];
    const goal: string[] = [];
    const plans: string[] = [];
    for (const scope of scopes) {
      const cells = await measure(fx, scope);
      for (const cell of cells) {
        const g = summarize(cell.graphql);
        const q = summarize(cell.sql);
        rows.push([`${scope.label}, ${scope.rows.toLocaleString('en')} rows`, cell.name, g.count, ms(g.p50), ms(g.p95), ms(g.max), ms(q.p50), ms(q.p95)]);
        goal.push(`- ${scope.label}, ${cell.name}: p95 ${verdictOf(g.p95, 20)}`);
      }
      plans.push(await explainSlowest(fx, scope, cells));
    }
    console.log(markdownTable(['filter', 'page', 'pages timed', 'GraphQL p50 ms', 'GraphQL p95 ms', 'GraphQL max ms', 'SQL only p50 ms', 'SQL only p95 ms'], rows));
    console.log('\nGraphQL: the whole request through yoga.fetch (token check, slug → version ids, page query, 50 nodes serialised). SQL only: listDecisions alone.');
    console.log(`\nGoal: a 50-row page p95 ≤ 20 ms at any depth.\n\n${goal.join('\n')}\n\n${plans.join('\n')}`);
  } finally {
    await sqlDb.destroy();
    await client.end();
    await bench.close();
  }
}

await main();
