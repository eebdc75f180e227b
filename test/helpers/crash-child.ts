// A worker process that takes one evaluation into REASONING and then hangs there, to be killed
// with SIGKILL by a test: `node --import tsx test/helpers/crash-child.ts <pglite DIR | postgres URL>`.
// An optional third argument is its lease in seconds. Prints one JSON line { tenantId, evaluationId } once the evaluation is REASONING.
import { createEvaluatorRegistry, type ReasonerEvaluator } from '../../sdk/index.js';
import { loadConfig } from '../../server/config.js';
import { connectDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createPolicy, publishPolicyVersion } from '../../server/domain/policies/service.js';
import { ensureTenant } from '../../server/domain/tenants/repository.js';
import { createEngine } from '../../server/engine/index.js';
import { submitEvaluation } from '../../server/engine/lifecycle/index.js';
import { policyDocument } from './policies.js';
import { scriptedReasoner } from './scripted-reasoner.js';

const [kind, target, leaseSeconds] = process.argv.slice(2);
const database = await connectDatabase(kind === 'pglite' ? { kind: 'pglite', dataDir: target! } : { kind: 'postgres', url: target! });
await migrateToLatest(database.db);
const stuck: ReasonerEvaluator = { ...scriptedReasoner({}).evaluator, evaluate: () => new Promise(() => undefined) };
const registry = createEvaluatorRegistry();
registry.register(stuck);
const engine = await createEngine({ database, config: loadConfig({ ARBITER_SEED_POLICIES: 'false', ARBITER_WORKER_LEASE_SECONDS: leaseSeconds }), registry });
await engine.startWorker();
const scope = { db: database.db, tenantId: await ensureTenant(database.db, 'acme'), actor: 'test' };
const { version } = await createPolicy(scope, { slug: 'pets', name: 'Pets', content: policyDocument() });
await publishPolicyVersion(scope, version.id);
const evaluation = await submitEvaluation(scope, { queue: engine.queue, bus: engine.bus, maxWaitMs: 1000 }, { content: 'A calm tortoise', policies: ['pets'] });
for (;;) {
  const row = await database.db.selectFrom('evaluations').select('status').where('id', '=', evaluation.id).executeTakeFirstOrThrow();
  if (row.status === 'REASONING') break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
console.log(JSON.stringify({ tenantId: scope.tenantId, evaluationId: evaluation.id }));
