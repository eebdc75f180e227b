import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeguardOpenAI } from '../../../plugins/safeguard-openai/index.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../helpers/evaluate.js';
import { answerJson, type ModelScript, type ModelServer, startModelServer } from '../../helpers/model-servers/index.js';

const SELECTION = 'id status escalationReasons finalVerdicts { policyVersion { version } label findings { code message } }';

// The real plugin against a protocol-faithful model server: the plugin parses, the engine validates once.
describe(`findings of the engine's validation (${testEngine})`, () => {
  let app: TestApp;
  let server: ModelServer;
  let service: string;
  let script: ModelScript = {};
  beforeAll(async () => {
    server = await startModelServer({ flavour: 'vllm', script: () => script });
    app = await createTestApp({}, { ARBITER_RETRY_LIMIT: '0' }, [safeguardOpenAI({ baseUrl: server.url, model: server.model })]);
    const admin = await app.token(['admin']);
    await publishPolicy(app, admin);
    await publishPolicy(app, admin, { slug: 'pets-two' });
    service = await app.token(['service']);
  });
  afterAll(async () => {
    await app.close();
    await server.close();
  });
  const codes = (evaluation: Record<string, any>) => evaluation.finalVerdicts.map((v: { findings: { code: string }[] }) => v.findings.map((f) => f.code));

  it('records a hallucinated citation once (rule and category), not once per validator', async () => {
    script = { reasoning: 'It sells a pet. PT9.z applies.', final: answerJson({ violation: 1, rule_ids: ['PT9.z'], policy_category: 'PT9', rationale: 'Sells a pet.' }) };
    const evaluation = await evaluateAndWait(app, service, { content: 'A parrot for sale', policies: ['pets'] }, SELECTION);
    expect(codes(evaluation)).toEqual([['HALLUCINATED_RULE_ID', 'HALLUCINATED_RULE_ID']]);
    expect(evaluation.escalationReasons).toEqual(['HALLUCINATED_RULE_ID on pets']);
  });

  it('escalates `violation 0` citing a severity-4 rule as LABEL_RULE_MISMATCH', async () => {
    script = { reasoning: 'Mentions a cat. Not cruelty.', final: answerJson({ violation: 0, rule_ids: ['PT1.b'], policy_category: 'PT1', rationale: 'A cat photo.' }) };
    const evaluation = await evaluateAndWait(app, service, { content: 'My cat', policies: ['pets'] }, SELECTION);
    expect(evaluation).toMatchObject({ status: 'ESCALATED', escalationReasons: ['LABEL_RULE_MISMATCH on pets'] });
  });

  it('escalates `violation 1` without a rule as MISSING_RULE_ID', async () => {
    script = { reasoning: 'It sells a puppy. It violates the policy.', final: '1' };
    const evaluation = await evaluateAndWait(app, service, { content: 'A puppy, 100 dollars', policies: ['pets'] }, SELECTION);
    expect(evaluation.status).toBe('ESCALATED');
    expect(codes(evaluation)).toEqual([['MISSING_RULE_ID']]);
  });

  it('checks each policy of a combined call against its own answer, not the whole chain of thought', async () => {
    script = {
      reasoning: 'For pets-two nothing applies here. For pets: a kitten is offered for money, so it violates PT1.a.',
      final: JSON.stringify({
        pets: { violation: 1, policy_category: 'PT1', rule_ids: ['PT1.a'], confidence: 'high', rationale: 'A kitten is offered for money.' },
        'pets-two': { violation: 0, policy_category: null, rule_ids: [], confidence: 'high', rationale: 'Nothing here concerns this policy.' },
      }),
    };
    const evaluation = await evaluateAndWait(app, service, { content: 'Kitten 50 dollars', policies: ['pets', 'pets-two'] }, SELECTION);
    expect(codes(evaluation)).toEqual([[], []]);
    expect(evaluation).toMatchObject({ status: 'DECIDED', escalationReasons: [] });
  });

  it('never quotes chain of thought in a finding a service token reads', async () => {
    script = { reasoning: 'SECRET-COT-SENTENCE. So it is not a violation at all.', final: answerJson({ violation: 1, rule_ids: ['PT1.a'], policy_category: 'PT1', rationale: 'Sells a kitten.' }) };
    const evaluation = await evaluateAndWait(app, service, { content: 'Kitten 60 dollars', policies: ['pets'] }, SELECTION);
    expect(evaluation.finalVerdicts[0].findings).toEqual([{ code: 'INCONSISTENT_REASONING', message: 'the chain of thought concludes the opposite of VIOLATING' }]);
    expect(JSON.stringify(evaluation)).not.toContain('SECRET-COT');
  });
});
