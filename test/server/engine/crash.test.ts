import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReasonerEvaluator } from '../../../sdk/index.js';
import { createEvaluatorRegistry } from '../../../sdk/index.js';
import { loadConfig } from '../../../server/config.js';
import { submitEvaluation } from '../../../server/domain/evaluations/service.js';
import { getEvaluation } from '../../../server/domain/evaluations/queries.js';
import { createPolicy, publishPolicyVersion } from '../../../server/domain/policies/service.js';
import type { Scope } from '../../../server/domain/scope.js';
import { ensureTenant } from '../../../server/domain/tenants/repository.js';
import { createEngine, type Engine } from '../../../server/engine/index.js';
import { createTestDatabase, testEngine } from '../../helpers/database.js';
import { policyDocument } from '../../helpers/policies.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';

/** A reasoner that starts and never finishes, whatever the signal says: a process about to die. */
const stuck: ReasonerEvaluator = {
  ...scriptedReasoner({}).evaluator,
  evaluate: () => new Promise(() => undefined),
};

describe(`a worker killed mid-job (${testEngine})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let scope: Scope;
  const engines: Engine[] = [];
  const config = loadConfig({ ARBITER_WORKER_LEASE_SECONDS: '2', ARBITER_RETRY_DELAY_SECONDS: '1', ARBITER_SEED_POLICIES: 'false' });

  beforeAll(async () => {
    database = await createTestDatabase();
    scope = { db: database.db, tenantId: await ensureTenant(database.db, 'acme'), actor: 'test' };
    const { version } = await createPolicy(scope, { slug: 'pets', name: 'Pets', content: policyDocument() });
    await publishPolicyVersion(scope, version.id);
  });
  afterAll(async () => {
    for (const engine of engines) await engine.stop().catch(() => undefined);
    await database.close();
  });

  async function engineWith(reasoner: ReasonerEvaluator): Promise<Engine> {
    const registry = createEvaluatorRegistry();
    registry.register(reasoner);
    const engine = await createEngine({ database, config, registry });
    engines.push(engine);
    await engine.startWorker();
    return engine;
  }

  async function until(predicate: () => Promise<boolean>, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('loses nothing: the job runs again on another worker and decides', async () => {
    const first = await engineWith(stuck);
    const deps = { queue: first.queue, bus: first.bus, maxWaitMs: 1000 };
    const evaluation = await submitEvaluation(scope, deps, { content: 'A calm tortoise', policies: ['pets'] });
    await until(async () => (await getEvaluation(scope, evaluation.id))?.status === 'REASONING', 10_000);
    // The first worker stops polling and never finishes its job, as if its process had been killed.
    await first.queue.stop({ graceful: false });

    const rescue = scriptedReasoner({ label: 'NON_VIOLATING', reasoning: ['Nothing is sold.'] });
    await engineWith(rescue.evaluator);
    await until(async () => (await getEvaluation(scope, evaluation.id))?.status === 'DECIDED', 25_000);
    expect(rescue.calls).toEqual([{ policies: ['pets'], effort: 'low', content: 'A calm tortoise' }]);
    const verdicts = await database.db.selectFrom('verdicts').select(['stage', 'label']).where('evaluation_id', '=', evaluation.id).orderBy('chain_seq').execute();
    expect(verdicts).toEqual([{ stage: 'TRIAGE', label: 'UNCERTAIN' }, { stage: 'REASONING', label: 'NON_VIOLATING' }]);
  }, 45_000);
});
