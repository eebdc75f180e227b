import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluatorRegistry } from '../../../sdk/index.js';
import type { DatabaseHandle } from '../../../server/db/connect.js';
import { listEvaluators, startHeartbeat } from '../../../server/fleet/service.js';
import { triageRules } from '../../../plugins/triage-rules/index.js';
import { createTestDatabase, testEngine } from '../../helpers/database.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';

const listed = async (db: DatabaseHandle['db'], registry: ReturnType<typeof createEvaluatorRegistry>) =>
  Promise.all((await listEvaluators(db, registry)).map(async ({ health, ...rest }) => ({ ...rest, ...(await health) })));

describe(`worker heartbeats (${testEngine})`, () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 120_000);
  afterAll(async () => database?.close());

  it("lists the evaluators only workers run, with their health, and forgets a worker that stopped or went silent", async () => {
    const api = createEvaluatorRegistry();
    api.register(triageRules());
    const workerRegistry = (ready: boolean) => {
      const registry = createEvaluatorRegistry();
      registry.register(triageRules());
      registry.register(scriptedReasoner({}, { ready }).evaluator);
      return registry;
    };
    const healthy = await startHeartbeat({ db: database.db, registry: workerRegistry(true), intervalMs: 60_000 });
    const sick = await startHeartbeat({ db: database.db, registry: workerRegistry(false), intervalMs: 60_000 });
    expect(await listed(database.db, api)).toEqual([
      { name: 'triage-rules', version: expect.any(String), kind: 'triage', streamsReasoning: false, maxPoliciesPerCall: 1, ready: true },
      { name: 'scripted', version: '1.0.0', kind: 'reasoner', streamsReasoning: true, maxPoliciesPerCall: 4, ready: true, detail: 'runs on 2 worker process(es), 1 ready' },
    ]);
    await healthy.stop();
    expect((await listed(database.db, api)).find((e) => e.name === 'scripted')).toMatchObject({ ready: false });
    // A worker killed without stopping leaves its row; once it is older than the live window it no longer counts.
    await database.db.updateTable('worker_heartbeats').set({ seen_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', sick.id).execute();
    expect((await listed(database.db, api)).map((e) => e.name)).toEqual(['triage-rules']);
    await sick.stop();
  });
});
