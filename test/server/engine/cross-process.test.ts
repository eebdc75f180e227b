import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluatorRegistry } from '../../../sdk/index.js';
import { loadConfig } from '../../../server/config.js';
import { connectDatabase } from '../../../server/db/connect.js';
import { createEngine, type Engine } from '../../../server/engine/index.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { publishPolicy } from '../../helpers/evaluate.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';
import { collect, wsClient } from '../../helpers/ws-client.js';

const redisUrl = process.env.ARBITER_TEST_REDIS_URL;
const onPostgres = Boolean(process.env.ARBITER_TEST_DATABASE_URL);
const FRAGMENTS = ['Reading ', 'the policy; ', 'no sale ', 'here.'];

// An API process and a worker process share PostgreSQL and Redis; nothing else connects them.
describe.skipIf(!redisUrl || !onPostgres)('events across processes (PostgreSQL + Redis)', () => {
  let api: TestApp;
  let worker: Engine;
  let closeWorkerDb: () => Promise<void>;
  beforeAll(async () => {
    api = await createTestApp({}, { REDIS_URL: redisUrl, ARBITER_EMBEDDED_WORKER: 'false' });
    const workerDb = await connectDatabase({ kind: 'postgres', url: api.databaseUrl! });
    closeWorkerDb = workerDb.close;
    const registry = createEvaluatorRegistry();
    registry.register(scriptedReasoner({ reasoning: FRAGMENTS, delayMs: 30, label: 'NON_VIOLATING' }).evaluator);
    worker = await createEngine({ database: workerDb, config: loadConfig({ REDIS_URL: redisUrl }), registry });
    await worker.startWorker();
  });
  afterAll(async () => {
    await worker?.stop();
    await closeWorkerDb?.();
    await api?.close();
  });

  it("delivers a worker's chain of thought to a subscriber on another API process", async () => {
    const { url } = await api.start(0);
    const admin = await api.token(['admin']);
    await publishPolicy(api, admin);
    const submitted = await api.gql(`mutation($i: EvaluateInput!) { evaluate(input: $i) { ... on EvaluateSuccess { evaluation { id } } } }`,
      { i: { content: 'Selling a dog bed', policies: ['pets'] } }, admin);
    const client = wsClient(url, admin);
    const events = (await collect(client, `subscription($id: ID!) { evaluationEvents(evaluationId: $id) {
      __typename ... on ReasoningDelta { seq text } ... on StageChanged { seq status } ... on VerdictReached { seq } ... on EvaluationFinished { seq } } }`,
    { id: submitted.data.evaluate.evaluation.id })).map((r) => r.data!.evaluationEvents);
    await client.dispose();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.__typename === 'ReasoningDelta').map((e) => e.text)).toEqual(FRAGMENTS);
    expect(events.at(-1).__typename).toBe('EvaluationFinished');
  });
});
