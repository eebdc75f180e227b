import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluatorRegistry } from '../../../sdk/index.js';
import { loadConfig } from '../../../server/config.js';
import { connectDatabase } from '../../../server/db/connect.js';
import { createEngine, type Engine } from '../../../server/engine/index.js';
import type { BusMessage } from '../../../server/events/types.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { publishPolicy } from '../../helpers/evaluate.js';
import { hasRedisServer, scratchRedis, type ScratchRedis } from '../../helpers/redis-server.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';
import { collect, wsClient } from '../../helpers/ws-client.js';

const onPostgres = Boolean(process.env.ARBITER_TEST_DATABASE_URL);
const FRAGMENTS = ['Reading ', 'the policy; ', 'no sale ', 'here.'];

// An API process and a worker process share PostgreSQL and a Redis that the test kills and restarts.
describe.skipIf(!hasRedisServer || !onPostgres)('events across processes through a Redis outage (PostgreSQL)', () => {
  let redis: ScratchRedis;
  let api: TestApp;
  let worker: Engine;
  let closeWorkerDb: () => Promise<void>;
  beforeAll(async () => {
    redis = scratchRedis();
    await redis.start();
    // A wait bound far past the test's timeout: evaluate(wait: true) must return because the evaluation finished.
    api = await createTestApp({}, { REDIS_URL: redis.url, ARBITER_EMBEDDED_WORKER: 'false', ARBITER_WAIT_MAX_MS: '600000' });
    const workerDb = await connectDatabase({ kind: 'postgres', url: api.databaseUrl! });
    closeWorkerDb = workerDb.close;
    const registry = createEvaluatorRegistry();
    registry.register(scriptedReasoner({ reasoning: FRAGMENTS, delayMs: 30, label: 'NON_VIOLATING' }).evaluator);
    worker = await createEngine({ database: workerDb, config: loadConfig({ REDIS_URL: redis.url }), registry });
    await worker.startWorker();
  });
  afterAll(async () => {
    await worker?.stop();
    await closeWorkerDb?.();
    await api?.close();
    await redis?.kill();
  });

  it("delivers a worker's events to a subscriber on the API process from the database while Redis is dead, then live again", async () => {
    const { url } = await api.start(0);
    const admin = await api.token(['admin']);
    await publishPolicy(api, admin);
    await redis.kill();
    const submitted = await api.gql(`mutation($i: EvaluateInput!) { evaluate(input: $i) { ... on EvaluateSuccess { evaluation { id } } } }`,
      { i: { content: 'Selling a dog bed', policies: ['pets'] } }, admin);
    const client = wsClient(url, admin);
    const events = (await collect(client, `subscription($id: ID!) { evaluationEvents(evaluationId: $id) {
      __typename ... on ReasoningDelta { seq text } ... on StageChanged { seq } ... on VerdictReached { seq } ... on EvaluationFinished { seq } } }`,
    { id: submitted.data.evaluate.evaluation.id })).map((r) => r.data!.evaluationEvents);
    await client.dispose();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.__typename === 'ReasoningDelta').map((e) => e.text)).toEqual(FRAGMENTS);
    expect(events.at(-1).__typename).toBe('EvaluationFinished');

    await redis.start();
    // Live delivery from the worker's bus to the API's resumes once both have reconnected.
    const live = api.services.engine.bus.subscribe('resumed');
    const next = live.next();
    const sent: BusMessage = { tenantId: 't', evaluationId: 'resumed', event: { type: 'StageChanged', seq: 1, status: 'TRIAGE' } };
    let received: IteratorResult<BusMessage> | 'none' = 'none';
    for (let attempt = 0; attempt < 400 && received === 'none'; attempt++) {
      worker.bus.publish(sent);
      received = await Promise.race([next, new Promise<'none'>((resolve) => setTimeout(() => resolve('none'), 100))]);
    }
    await live.return?.();
    expect(received).toEqual({ done: false, value: sent });
  }, 120_000);

  it('answers evaluate(wait: true) once the worker finished even though its EvaluationFinished never crossed the dead Redis', async () => {
    const admin = await api.token(['admin']);
    await publishPolicy(api, admin);
    await redis.kill();
    try {
      const result = await api.gql(`mutation($i: EvaluateInput!) { evaluate(input: $i) { ... on EvaluateSuccess { evaluation { status } } } }`,
        { i: { content: 'A quiet dog bed for sale?', policies: ['pets'], wait: true } }, admin);
      expect(result.data.evaluate.evaluation).toEqual({ status: 'DECIDED' });
    } finally {
      await redis.start();
    }
  }, 60_000);
});
