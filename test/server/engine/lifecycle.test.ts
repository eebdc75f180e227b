import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluatorRegistry, type Evaluator, type TriageEvaluator } from '../../../sdk/index.js';
import { loadConfig } from '../../../server/config.js';
import { verifyChains } from '../../../server/domain/audit/verify.js';
import { createPolicy, publishPolicyVersion } from '../../../server/domain/policies/service.js';
import type { Scope } from '../../../server/domain/scope.js';
import { ensureTenant } from '../../../server/domain/tenants/repository.js';
import { appendVerdict, type VerdictFields } from '../../../server/domain/verdicts/repository.js';
import { createEngine, type Engine } from '../../../server/engine/index.js';
import { cancelEvaluation, failEvaluation, runEvaluation, submitEvaluation, transition } from '../../../server/engine/lifecycle/index.js';
import { createTestDatabase, testEngine } from '../../helpers/database.js';
import { policyDocument } from '../../helpers/policies.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';

describe(`the evaluation lifecycle (${testEngine})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let scope: Scope;
  let policyVersionId: string;
  const engines: Engine[] = [];
  const config = loadConfig({ ARBITER_SEED_POLICIES: 'false' });

  beforeAll(async () => {
    database = await createTestDatabase();
    scope = { db: database.db, tenantId: await ensureTenant(database.db, 'acme'), actor: 'test' };
    const { version } = await createPolicy(scope, { slug: 'pets', name: 'Pets', content: policyDocument() });
    policyVersionId = (await publishPolicyVersion(scope, version.id)).id;
  });
  afterAll(async () => {
    for (const engine of engines) await engine.stop().catch(() => undefined);
    await database.close();
  });

  async function engineWith(...evaluators: Evaluator[]): Promise<Engine> {
    const registry = createEvaluatorRegistry();
    for (const evaluator of evaluators) registry.register(evaluator);
    const engine = await createEngine({ database, config, registry });
    engines.push(engine);
    return engine;
  }
  const submit = (engine: Engine, content: string) => submitEvaluation(scope, { queue: engine.queue, bus: engine.bus, maxWaitMs: 1000 }, { content, policies: ['pets'] });
  const evaluationRow = (id: string) => database.db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const reviewItem = (id: string) => database.db.selectFrom('review_items').select(['status', 'reasons']).where('evaluation_id', '=', id).executeTakeFirst();
  const verdictFields = (evaluationId: string, over: Partial<VerdictFields>): VerdictFields => ({
    tenant_id: scope.tenantId, evaluation_id: evaluationId, policy_version_id: policyVersionId, stage: 'TRIAGE', label: 'UNCERTAIN',
    policy_category: null, rule_ids: [], confidence: null, severity: null, recommended_action: null, rationale: null, reasoning: null,
    reasoning_sha256: null, effort: null, usage: null, latency_ms: 1, triage_score: 0, evaluator: 'triage-rules', evaluator_identity: 'x',
    findings: [], reviewer: null, supersedes_id: null, ...over,
  });

  it('resumes a retried job from the stored REASONING verdict: the model is not asked again and escalation reads the stored verdict', async () => {
    // The model would now say "fine, high confidence"; the stored verdict of the first attempt says otherwise.
    const reasoner = scriptedReasoner({ label: 'NON_VIOLATING', confidence: 'high', rationale: 'Nothing wrong.' });
    const engine = await engineWith(reasoner.evaluator);
    const evaluation = await submit(engine, 'I kicked a cat');
    await transition(database.db, { tenantId: scope.tenantId, id: evaluation.id, to: 'TRIAGE' });
    await transition(database.db, { tenantId: scope.tenantId, id: evaluation.id, to: 'REASONING', set: { effort: 'LOW', effort_reason: 'AUTO: policy default low' }, attempt: true });
    await database.db.transaction().execute(async (trx) => {
      await appendVerdict(trx, verdictFields(evaluation.id, {}));
      await appendVerdict(trx, verdictFields(evaluation.id, {
        stage: 'REASONING', label: 'VIOLATING', rule_ids: ['PT1.b'], confidence: 'LOW', severity: 4, recommended_action: 'escalate',
        rationale: 'It describes hurting a cat.', reasoning: 'cot', reasoning_sha256: 'h', effort: 'LOW', evaluator: 'scripted',
      }));
    });

    await runEvaluation(engine.deps, { tenantId: scope.tenantId, evaluationId: evaluation.id }, { lastAttempt: false, signal: new AbortController().signal });

    expect(reasoner.calls).toEqual([]);
    const row = await evaluationRow(evaluation.id);
    expect({ status: row.status, reasons: row.escalation_reasons }).toEqual({
      status: 'ESCALATED', reasons: ['low confidence on pets', 'PT1.b severity 4 requires review on pets'],
    });
    expect(await reviewItem(evaluation.id)).toEqual({ status: 'OPEN', reasons: ['low confidence on pets', 'PT1.b severity 4 requires review on pets'] });
    const verdicts = await database.db.selectFrom('verdicts').select(['stage']).where('evaluation_id', '=', evaluation.id).execute();
    expect(verdicts).toEqual([{ stage: 'TRIAGE' }, { stage: 'REASONING' }]);
  });

  it('runs only the stage that has no stored verdict, once, and a second run changes nothing', async () => {
    const reasoner = scriptedReasoner({ label: 'NON_VIOLATING', reasoning: ['Nothing is sold.'] });
    const engine = await engineWith(reasoner.evaluator);
    const evaluation = await submit(engine, 'A calm tortoise');
    await transition(database.db, { tenantId: scope.tenantId, id: evaluation.id, to: 'TRIAGE' });
    await database.db.transaction().execute((trx) => appendVerdict(trx, verdictFields(evaluation.id, {})));
    const job = { tenantId: scope.tenantId, evaluationId: evaluation.id };
    await runEvaluation(engine.deps, job, { lastAttempt: false, signal: new AbortController().signal });
    await runEvaluation(engine.deps, job, { lastAttempt: false, signal: new AbortController().signal });
    expect(reasoner.calls).toHaveLength(1);
    expect((await evaluationRow(evaluation.id)).status).toBe('DECIDED');
    const verdicts = await database.db.selectFrom('verdicts').select(['stage', 'label']).where('evaluation_id', '=', evaluation.id).orderBy('chain_seq').execute();
    expect(verdicts).toEqual([{ stage: 'TRIAGE', label: 'UNCERTAIN' }, { stage: 'REASONING', label: 'NON_VIOLATING' }]);
    expect((await verifyChains(database.db, scope.tenantId)).ok).toBe(true);
  });

  it('fails closed: a FAILED evaluation opens a review item, and its error is a code, not the raw error', async () => {
    const broken: TriageEvaluator = {
      kind: 'triage', name: 'broken-triage', version: '1', capabilities: { streamsReasoning: false, supportsEffort: false, maxPoliciesPerCall: 1, batchSize: 1 },
      identity: () => 'broken', classify: async () => { throw new Error('driver said: relation "x" does not exist at 10.0.0.7:5432'); },
    };
    const engine = await engineWith(broken);
    const evaluation = await submit(engine, 'A parrot');
    await runEvaluation(engine.deps, { tenantId: scope.tenantId, evaluationId: evaluation.id }, { lastAttempt: true, signal: new AbortController().signal });
    const row = await evaluationRow(evaluation.id);
    expect({ status: row.status, error: row.error, reasons: row.escalation_reasons }).toEqual({
      status: 'FAILED', error: 'INTERNAL: the evaluation could not be completed; details are in the server log', reasons: ['evaluation failed'],
    });
    expect(await reviewItem(evaluation.id)).toEqual({ status: 'OPEN', reasons: ['evaluation failed'] });
  });

  it('asks the queue for a retry with a code-only error before the last attempt', async () => {
    const broken: TriageEvaluator = {
      kind: 'triage', name: 'broken-triage', version: '1', capabilities: { streamsReasoning: false, supportsEffort: false, maxPoliciesPerCall: 1, batchSize: 1 },
      identity: () => 'broken', classify: async () => { throw new Error('raw \u0000 driver text'); },
    };
    const engine = await engineWith(broken);
    const evaluation = await submit(engine, 'A hamster');
    const attempt = runEvaluation(engine.deps, { tenantId: scope.tenantId, evaluationId: evaluation.id }, { lastAttempt: false, signal: new AbortController().signal });
    await expect(attempt).rejects.toMatchObject({ name: 'RetryRequested', message: 'attempt failed: INTERNAL' });
    expect((await evaluationRow(evaluation.id)).status).toBe('TRIAGE');
  });

  it('fails a job that keeps killing its worker without running it, and queues it for review', async () => {
    const reasoner = scriptedReasoner({});
    const engine = await engineWith(reasoner.evaluator);
    const evaluation = await submit(engine, 'A turtle');
    await transition(database.db, { tenantId: scope.tenantId, id: evaluation.id, to: 'TRIAGE' });
    await failEvaluation(engine.deps, { tenantId: scope.tenantId, evaluationId: evaluation.id }, 'WORKER_LOST');
    const row = await evaluationRow(evaluation.id);
    expect({ status: row.status, error: row.error }).toEqual({ status: 'FAILED', error: 'WORKER_LOST: the evaluation could not be completed; details are in the server log' });
    expect(await reviewItem(evaluation.id)).toEqual({ status: 'OPEN', reasons: ['evaluation failed'] });
    expect(reasoner.calls).toEqual([]);
  });

  it('allows only the transitions of the state machine', async () => {
    const engine = await engineWith(scriptedReasoner({}).evaluator);
    const evaluation = await submit(engine, 'A goldfish');
    const move = (to: 'REASONING' | 'DECIDED' | 'TRIAGE') => transition(database.db, { tenantId: scope.tenantId, id: evaluation.id, to });
    expect(await move('REASONING')).toBeUndefined(); // QUEUED cannot skip triage
    await cancelEvaluation(scope, { queue: engine.queue, bus: engine.bus, maxWaitMs: 1000 }, evaluation.id);
    expect(await move('TRIAGE')).toBeUndefined();
    expect(await move('DECIDED')).toBeUndefined();
    expect((await evaluationRow(evaluation.id)).status).toBe('CANCELLED');
  });
});
