import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { policyDocument } from '../../helpers/policies.js';

const EVALUATE = `mutation($input: EvaluateInput!) { evaluate(input: $input) { __typename
  ... on EvaluateSuccess { evaluation { id status effort effortReason escalationReasons
      finalVerdicts { stage label ruleIds severity recommendedAction evaluator triageScore findings { code } } } }
  ... on Error { code message } } }`;

async function publishPets(app: TestApp, token: string, slug = 'pets'): Promise<void> {
  const created = await app.gql(`mutation($i: CreatePolicyInput!) { createPolicy(input: $i) { ... on CreatePolicySuccess { version { id } } } }`,
    { i: { slug, name: 'Pets', content: policyDocument({ slug }) } }, token);
  await app.gql(`mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename } }`, { id: created.data.createPolicy.version.id }, token);
}

describe(`pipeline without a reasoner (${testEngine})`, () => {
  let app: TestApp;
  let service: string;
  beforeAll(async () => {
    app = await createTestApp();
    await publishPets(app, await app.token(['admin']));
    service = await app.token(['service']);
  });
  afterAll(async () => app.close());

  it('decides VIOLATING at triage on a term hit, with the matched rule and its severity and action', async () => {
    const result = await app.gql(EVALUATE, { input: { content: 'Cute PUPP1ES   for sale!!', policies: ['pets'], wait: true } }, service);
    expect(result.data.evaluate).toEqual({
      __typename: 'EvaluateSuccess',
      evaluation: {
        id: expect.any(String), status: 'DECIDED', effort: null, effortReason: null, escalationReasons: [],
        finalVerdicts: [{ stage: 'TRIAGE', label: 'VIOLATING', ruleIds: ['PT1.a'], severity: 2, recommendedAction: 'remove', evaluator: 'triage-rules', triageScore: 1, findings: [] }],
      },
    });
  });

  it('escalates a miss with the reason that no reasoner is available, and queues it for review', async () => {
    const result = await app.gql(EVALUATE, { input: { content: 'My dog loves the park', policies: ['pets'], wait: true } }, service);
    expect(result.data.evaluate.evaluation).toMatchObject({ status: 'ESCALATED', escalationReasons: ['no reasoner available'], finalVerdicts: [{ stage: 'TRIAGE', label: 'UNCERTAIN' }] });
    const queue = await app.gql('{ reviewItems(first: 10) { edges { node { status reasons evaluation { id } } } } }', {}, await app.token(['reviewer']));
    expect(queue.data.reviewItems.edges).toContainEqual({ node: { status: 'OPEN', reasons: ['no reasoner available'], evaluation: { id: result.data.evaluate.evaluation.id } } });
  });

  it('returns the same evaluation for the same idempotency key', async () => {
    const input = { content: 'puppies for sale', policies: ['pets'], idempotencyKey: 'order-42' };
    const first = await app.gql(EVALUATE, { input }, service);
    const second = await app.gql(EVALUATE, { input }, service);
    expect(second.data.evaluate.evaluation.id).toBe(first.data.evaluate.evaluation.id);
    const conflicting = await app.gql(EVALUATE, { input: { ...input, content: 'something else' } }, service);
    expect(conflicting.data.evaluate).toMatchObject({ __typename: 'AlreadyExistsError', code: 'ALREADY_EXISTS' });
  });

  it('answers unknown policies and empty content with typed errors', async () => {
    expect((await app.gql(EVALUATE, { input: { content: 'x', policies: ['nope'] } }, service)).data.evaluate)
      .toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'policy "nope" was not found' });
    expect((await app.gql(EVALUATE, { input: { content: '  ', policies: ['pets'] } }, service)).data.evaluate)
      .toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
  });

  it('does not let an auditor evaluate', async () => {
    const result = await app.gql(EVALUATE, { input: { content: 'x', policies: ['pets'] } }, await app.token(['auditor']));
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
