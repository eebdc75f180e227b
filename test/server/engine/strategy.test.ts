import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../helpers/evaluate.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';

describe(`per-policy strategy and stage timeouts (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  const reasoner = scriptedReasoner((input) => (input.content.includes('slow')
    ? { reasoning: ['thinking '.repeat(3)], delayMs: 2_000, label: 'NON_VIOLATING' }
    : { reasoning: [`about ${input.policies[0]!.slug}`], label: 'NON_VIOLATING' }));
  beforeAll(async () => {
    app = await createTestApp({}, { ARBITER_MULTI_POLICY_STRATEGY: 'per-policy', ARBITER_REASONING_TIMEOUT_MS: '500', ARBITER_RETRY_LIMIT: '0' }, [reasoner.evaluator]);
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
    await publishPolicy(app, admin, { slug: 'pets-two' });
  });
  afterAll(async () => app.close());

  it('asks the reasoner once per policy, in parallel, each verdict with its own reasoning', async () => {
    const evaluation = await evaluateAndWait(app, admin, { content: 'A goldfish bowl', policies: ['pets', 'pets-two'] }, 'status finalVerdicts { stage reasoning policyVersion { policy { slug } } }');
    expect(reasoner.calls.map((c) => c.policies).sort()).toEqual([['pets'], ['pets-two']]);
    expect(evaluation).toEqual({
      status: 'DECIDED',
      finalVerdicts: expect.arrayContaining([
        { stage: 'REASONING', reasoning: 'about pets', policyVersion: { policy: { slug: 'pets' } } },
        { stage: 'REASONING', reasoning: 'about pets-two', policyVersion: { policy: { slug: 'pets-two' } } },
      ]),
    });
  });

  it('gives up on a reasoner that overruns its stage timeout and escalates, saying so', async () => {
    const evaluation = await evaluateAndWait(app, admin, { content: 'a slow one', policies: ['pets'] });
    expect(evaluation.status).toBe('ESCALATED');
    expect(evaluation.escalationReasons).toEqual([expect.stringMatching(/^reasoner failed: .*(time|abort)/i)]);
  });
});
