import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowId } from '../../../../schema/ids.js';
import { runBenchmarkJob } from '../../../../server/domain/benchmarks/runner.js';
import { seedSampleDatasets } from '../../../../server/domain/datasets/seed.js';
import { ensureTenant } from '../../../../server/domain/tenants/repository.js';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { gqlOk, waitForRun } from '../../../helpers/benchmarks.js';
import { testEngine } from '../../../helpers/database.js';
import { publishPolicy } from '../../../helpers/evaluate.js';
import { scriptedReasoner } from '../../../helpers/scripted-reasoner.js';
import { collect, wsClient } from '../../../helpers/ws-client.js';

const START = `mutation($i: StartBenchmarkRunInput!) { startBenchmarkRun(input: $i) { ... on StartBenchmarkRunSuccess { run { id } } ... on Error { code message } } }`;

describe(`benchmark runs: cancel, crash and resume (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  let tenantId: string;
  let delayMs = 0;
  const reasoner = scriptedReasoner((input) => ({ delayMs, reasoning: ['thinking'], label: input.content.includes('sale') ? 'VIOLATING' : 'NON_VIOLATING', ruleIds: input.content.includes('sale') ? ['PT1.a'] : [], rationale: input.content.includes('sale') ? 'An offer.' : 'No offer.' }));
  beforeAll(async () => {
    // No embedded worker: the test runs the job itself, as a worker would, and can kill it mid-run.
    app = await createTestApp({ embeddedWorker: false }, {}, [reasoner.evaluator]);
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
    tenantId = await ensureTenant(app.database.db, 'acme');
    await gqlOk(app, admin, `mutation { createDataset(input: { name: "many" }) { __typename } }`);
    const items = Array.from({ length: 30 }, (_, i) => ({ content: i % 3 === 0 ? `Kitten ${i} for sale` : `Kitten ${i} asleep`, labels: { pets: i % 3 === 0 ? 1 : 0 } }));
    await gqlOk(app, admin, `mutation($i: AddDatasetItemsInput!) { addDatasetItems(input: $i) { __typename } }`, { i: { dataset: 'many', items } });
  }, 120_000);
  afterAll(async () => app?.close());

  const start = async () => rowId((await gqlOk(app, admin, START, { i: { dataset: 'many', policies: ['pets'] } })).startBenchmarkRun.run.id, 'BenchmarkRun');
  const stored = (runId: string) => app.database.db.selectFrom('benchmark_items').select(['ordinal', 'repeat']).where('run_id', '=', runId).execute();

  it('resumes a run whose worker died mid-way, evaluating each remaining item once', async () => {
    const runId = await start();
    delayMs = 20;
    const crash = new AbortController();
    const first = runBenchmarkJob(app.services.benchmarks, { tenantId, runId }, { lastAttempt: false, signal: crash.signal });
    while ((await stored(runId)).length < 8) await new Promise((resolve) => setTimeout(resolve, 10));
    crash.abort();
    await first;
    const partial = (await stored(runId)).length;
    expect(partial).toBeGreaterThanOrEqual(8);
    expect(partial).toBeLessThan(30);
    expect((await gqlOk(app, admin, `query($id: ID!) { benchmarkRun(id: $id) { status } }`, { id: runId })).benchmarkRun.status).toBe('RUNNING');
    const callsBefore = reasoner.calls.length;
    delayMs = 0;
    await runBenchmarkJob(app.services.benchmarks, { tenantId, runId }, { lastAttempt: false });
    const rows = await stored(runId);
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r.ordinal)).size).toBe(30);
    expect(reasoner.calls.length - callsBefore).toBe(30 - partial);
    const run = await waitForRun(app, admin, runId, 'done total metrics { tp fp tn fn f1 }');
    expect(run).toMatchObject({ status: 'SUCCEEDED', done: 30, total: 30, metrics: [{ tp: 10, fp: 0, tn: 20, fn: 0, f1: 1 }] });
  });

  it('cancels a running run between items; the worker stops and the run stays CANCELLED', async () => {
    const runId = await start();
    delayMs = 20;
    const job = runBenchmarkJob(app.services.benchmarks, { tenantId, runId }, { lastAttempt: false });
    while ((await stored(runId)).length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    const cancelled = await gqlOk(app, admin, `mutation($id: ID!) { cancelBenchmarkRun(id: $id) { __typename ... on CancelBenchmarkRunSuccess { run { status } } } }`, { id: runId });
    expect(cancelled.cancelBenchmarkRun.run.status).toBe('CANCELLED');
    await job;
    const done = (await stored(runId)).length;
    expect(done).toBeLessThan(30);
    await runBenchmarkJob(app.services.benchmarks, { tenantId, runId }, { lastAttempt: false });
    expect((await stored(runId)).length).toBe(done);
    const again = await gqlOk(app, admin, `mutation($id: ID!) { cancelBenchmarkRun(id: $id) { __typename ... on Error { code } } }`, { id: runId });
    expect(again.cancelBenchmarkRun).toEqual({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
  });

  it('fails the run with a short error on the last attempt when no reasoner answers', async () => {
    const runId = await start();
    const failing = scriptedReasoner({ failTimes: 99, retryable: false });
    const deps = { ...app.services.benchmarks, readyReasoner: async () => failing.evaluator };
    await expect(runBenchmarkJob(deps, { tenantId, runId }, { lastAttempt: false })).rejects.toThrow('scripted failure');
    await runBenchmarkJob(deps, { tenantId, runId }, { lastAttempt: true });
    const run = await gqlOk(app, admin, `query($id: ID!) { benchmarkRun(id: $id) { status error } }`, { id: runId });
    expect(run.benchmarkRun).toEqual({ status: 'FAILED', error: 'benchmark failed: scripted failure' });
  });

  it('streams progress on benchmarkRunProgress until the run ends, and refuses a service token', async () => {
    const { url } = await app.start(0);
    const runId = await start();
    const query = 'subscription($id: ID!) { benchmarkRunProgress(id: $id) { status done total } }';
    const client = wsClient(url, admin);
    const events = collect(client, query, { id: runId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    delayMs = 0;
    await runBenchmarkJob(app.services.benchmarks, { tenantId, runId }, { lastAttempt: false });
    const seen = (await events).map((e) => e.data!.benchmarkRunProgress);
    await client.dispose();
    expect(seen[0]).toEqual({ status: 'QUEUED', done: 0, total: 30 });
    expect(seen.at(-1)).toEqual({ status: 'SUCCEEDED', done: 30, total: 30 });
    const dones = seen.map((e) => e.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    const service = wsClient(url, await app.token(['service']));
    const denied = await collect(service, query, { id: runId });
    await service.dispose();
    expect(denied[0]!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('seeds the sample spam golden set once', async () => {
    const scope = { db: app.database.db, tenantId, actor: 'system:seed' };
    expect(await seedSampleDatasets(scope)).toEqual(['spam-golden']);
    expect(await seedSampleDatasets(scope)).toEqual([]);
    const { dataset } = await gqlOk(app, admin, `{ dataset(name: "spam-golden") { version itemCount labelKeys } }`);
    expect(dataset).toEqual({ version: 1, itemCount: 40, labelKeys: ['spam'] });
  });
});
