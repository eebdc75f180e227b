import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../helpers/evaluate.js';
import { type ReasonerScript, scriptedReasoner } from '../../helpers/scripted-reasoner.js';

const SELECTION = `id status effort effortReason escalationReasons error
  finalVerdicts { stage label ruleIds severity recommendedAction confidence rationale effort evaluator triageScore findings { code } usage }`;

describe(`reasoning stage (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  let script: ReasonerScript = {};
  const reasoner = scriptedReasoner((input) => (input.content.includes('fail-hard') ? { failTimes: 99, retryable: false } : script));
  beforeAll(async () => {
    app = await createTestApp({}, { ARBITER_RETRY_LIMIT: '2' }, [reasoner.evaluator]);
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
    await publishPolicy(app, admin, { slug: 'pets-two' });
  });
  afterAll(async () => app.close());

  it('decides from the reasoner answer, with severity and action from the policy rule', async () => {
    script = { reasoning: ['Offers a kitten for money.'], label: 'VIOLATING', ruleIds: ['PT1.a'], confidence: 'high', rationale: 'A kitten is offered for money.' };
    const evaluation = await evaluateAndWait(app, admin, { content: 'Kitten, 50 dollars, pick up today', policies: ['pets'], effort: 'MEDIUM' }, SELECTION);
    expect(evaluation).toMatchObject({
      status: 'DECIDED', effort: 'MEDIUM', effortReason: 'requested', escalationReasons: [], error: null,
      finalVerdicts: [{
        stage: 'REASONING', label: 'VIOLATING', ruleIds: ['PT1.a'], severity: 2, recommendedAction: 'remove', confidence: 'HIGH',
        rationale: 'A kitten is offered for money.', effort: 'MEDIUM', evaluator: 'scripted', triageScore: 0, findings: [],
        usage: { promptTokens: 100, completionTokens: 20, totalTokens: 120 },
      }],
    });
    expect(reasoner.calls.at(-1)).toEqual({ policies: ['pets'], effort: 'medium', content: 'Kitten, 50 dollars, pick up today' });
  });

  it('chooses AUTO effort from the policy default and records why', async () => {
    script = { label: 'NON_VIOLATING' };
    const evaluation = await evaluateAndWait(app, admin, { content: 'My dog sleeps a lot', policies: ['pets'] }, SELECTION);
    expect(evaluation).toMatchObject({ status: 'DECIDED', effort: 'LOW', effortReason: 'AUTO: policy default low' });
  });

  it('escalates a cited rule id the policy lacks as HALLUCINATED_RULE_ID', async () => {
    script = { label: 'VIOLATING', ruleIds: ['PT9.z'], rationale: 'The item violates PT9.z.' };
    const evaluation = await evaluateAndWait(app, admin, { content: 'A parrot that talks', policies: ['pets'] }, SELECTION);
    expect(evaluation.status).toBe('ESCALATED');
    expect(evaluation.finalVerdicts[0].findings).toContainEqual({ code: 'HALLUCINATED_RULE_ID' });
    expect(evaluation.escalationReasons).toContain('HALLUCINATED_RULE_ID on pets');
  });

  it('escalates a rationale that contradicts the label as INCONSISTENT_REASONING', async () => {
    script = { label: 'VIOLATING', ruleIds: ['PT1.a'], rationale: 'This content does not violate the policy.' };
    const evaluation = await evaluateAndWait(app, admin, { content: 'A photo of my hamster', policies: ['pets'] }, SELECTION);
    expect(evaluation.status).toBe('ESCALATED');
    expect(evaluation.finalVerdicts[0].findings).toContainEqual({ code: 'INCONSISTENT_REASONING' });
  });

  it('sends a severe rule to human review even when the reasoner is sure', async () => {
    script = { label: 'VIOLATING', ruleIds: ['PT1.b'], confidence: 'high', rationale: 'It describes hurting a cat.' };
    const evaluation = await evaluateAndWait(app, admin, { content: 'I kicked a cat', policies: ['pets'] }, SELECTION);
    expect(evaluation).toMatchObject({ status: 'ESCALATED', escalationReasons: ['PT1.b severity 4 requires review on pets'] });
  });

  it('retries a flaky reasoner with backoff and then decides', async () => {
    script = { label: 'NON_VIOLATING', failTimes: 1 };
    const before = reasoner.calls.length;
    const evaluation = await evaluateAndWait(app, admin, { content: 'Rabbits are fluffy', policies: ['pets'] }, SELECTION);
    expect(evaluation.status).toBe('DECIDED');
    expect(reasoner.calls.length - before).toBe(2);
  });

  it('escalates when the reasoner keeps failing, saying why', async () => {
    const evaluation = await evaluateAndWait(app, admin, { content: 'fail-hard please', policies: ['pets'] }, SELECTION);
    expect(evaluation).toMatchObject({ status: 'ESCALATED', escalationReasons: ['reasoner failed: MODEL_SERVER_ERROR'] });
  });

  it('asks once for all policies with the combined strategy', async () => {
    script = { label: 'NON_VIOLATING' };
    const before = reasoner.calls.length;
    const evaluation = await evaluateAndWait(app, admin, { content: 'A goldfish bowl', policies: ['pets', 'pets-two@1'] }, SELECTION);
    expect(evaluation.finalVerdicts.map((v: { stage: string }) => v.stage)).toEqual(['REASONING', 'REASONING']);
    expect(reasoner.calls.slice(before)).toEqual([{ policies: ['pets', 'pets-two'], effort: 'low', content: 'A goldfish bowl' }]);
  });

  it('cancels an evaluation while it reasons', async () => {
    script = { reasoning: Array.from({ length: 100 }, (_, i) => `step ${i}. `), delayMs: 50, label: 'NON_VIOLATING' };
    const submitted = await app.gql(`mutation($i: EvaluateInput!) { evaluate(input: $i) { ... on EvaluateSuccess { evaluation { id } } } }`,
      { i: { content: 'A slow one', policies: ['pets'] } }, admin);
    const id = submitted.data.evaluate.evaluation.id;
    for (let i = 0; i < 100; i += 1) {
      const status = (await app.gql(`query($id: ID!) { evaluation(id: $id) { status } }`, { id }, admin)).data.evaluation.status;
      if (status === 'REASONING') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const cancelled = await app.gql(`mutation($id: ID!) { cancelEvaluation(id: $id) { __typename ... on CancelEvaluationSuccess { evaluation { status } } } }`, { id }, admin);
    expect(cancelled.data.cancelEvaluation).toEqual({ __typename: 'CancelEvaluationSuccess', evaluation: { status: 'CANCELLED' } });
    const again = await app.gql(`mutation($id: ID!) { cancelEvaluation(id: $id) { __typename ... on Error { code } } }`, { id }, admin);
    expect(again.data.cancelEvaluation).toEqual({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await app.gql(`query($id: ID!) { evaluation(id: $id) { status verdicts { stage } } }`, { id }, admin);
    expect(after.data.evaluation).toEqual({ status: 'CANCELLED', verdicts: [{ stage: 'TRIAGE' }] });
  });
});
