import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../helpers/evaluate.js';
import { answerJson, type ModelServer, promptOf, startModelServer } from '../helpers/model-servers/index.js';
import { CLAIM, DECIDE, escalate, ITEM } from '../helpers/review.js';
import { wsClient } from '../helpers/ws-client.js';

const SUBMIT = `mutation($i: SubmitAppealInput!) { submitAppeal(input: $i) { __typename
  ... on SubmitAppealSuccess { appeal { id status reason appellant outcome statementOfReasons evaluation { id } } } ... on Error { code message } } }`;
const APPEAL = `query($id: ID!) { node(id: $id) { ... on Appeal { id status outcome statementOfReasons decidedAt reviewItem { ${ITEM} }
  evaluation { status effort effortReason verdicts { stage label effort reviewer evaluator supersedes { stage } } } } } }`;
const CRUEL = answerJson({ violation: 1, policy_category: 'PT1', rule_ids: ['PT1.b'], confidence: 'high', rationale: 'It describes hurting a cat.' });

/** The first `ReviewItemAdded` of the appeals queue, seen live. */
function nextAppealItem(url: string, token: string): { ready: Promise<void>; item: Promise<Record<string, any>>; close: () => Promise<void> } {
  const client = wsClient(url, token);
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const item = new Promise<Record<string, any>>((resolve, reject) => {
    client.on('connected', () => setTimeout(resolveReady, 100));
    client.subscribe<any>({ query: `subscription { reviewQueueEvents(queue: "appeals") { __typename ... on ReviewItemAdded { item { ${ITEM} } } } }` }, {
      next: (value) => value.data?.reviewQueueEvents.__typename === 'ReviewItemAdded' && resolve(value.data.reviewQueueEvents.item),
      error: reject, complete: () => undefined,
    });
  });
  return { ready, item, close: () => client.dispose() as Promise<void> };
}

describe(`appeals (${testEngine})`, () => {
  let model: ModelServer;
  let app: TestApp;
  let url: string;
  let admin: string;
  let reviewer: string;
  let service: string;
  beforeAll(async () => {
    model = await startModelServer({
      flavour: 'vllm', model: 'openai/gpt-oss-safeguard-20b',
      script: (request) => (promptOf(request.body).user.includes('slowly') ? { final: CRUEL, delayMs: 200 } : { reasoning: 'The post hurts a cat. PT1.b applies.', final: CRUEL }),
    });
    // The flavour is given, so health probes are one request (they must answer within 10 s even on a busy machine).
    app = await createTestApp({}, { SAFEGUARD_URL: model.url, SAFEGUARD_MODEL: 'openai/gpt-oss-safeguard-20b', SAFEGUARD_FLAVOUR: 'openai', ARBITER_RETRY_LIMIT: '0' });
    url = (await app.start(0)).url;
    admin = await app.token(['admin']);
    reviewer = await app.token(['reviewer'], 'acme', 'rita');
    service = await app.token(['service'], 'acme', 'svc:app');
    await publishPolicy(app, admin);
  });
  afterAll(async () => {
    await app?.close();
    await model?.close();
  });

  it('re-runs the model at high effort, queues the appeal, and ends with an outcome and a statement of reasons naming the rule', async () => {
    const evaluation = await escalate(app, admin, 'I pulled the tail of a cat');
    expect(evaluation.reviewItem.reasons).toEqual(['PT1.b severity 4 requires review on pets']);
    const versionId = evaluation.policyVersions[0].id;
    await app.gql(CLAIM, { id: evaluation.reviewItem.id }, reviewer);
    const upheld = await app.gql(DECIDE, { i: { id: evaluation.reviewItem.id, decisions: [{ policyVersionId: versionId, label: 'VIOLATING', ruleIds: ['PT1.b'] }] } }, reviewer);
    expect(upheld.data.decideReviewItem.evaluation.status).toBe('DECIDED');

    const live = nextAppealItem(url, reviewer);
    await live.ready;
    const before = model.chatRequests().length;
    const submitted = await app.gql(SUBMIT, { i: { evaluationId: evaluation.id, reason: 'It was a joke about my own cat', appellant: 'user-42' } }, service);
    expect(submitted.data.submitAppeal).toMatchObject({ __typename: 'SubmitAppealSuccess', appeal: {
      status: 'OPEN', reason: 'It was a joke about my own cat', appellant: 'user-42', outcome: null, statementOfReasons: null, evaluation: { id: evaluation.id },
    } });
    const appealId = submitted.data.submitAppeal.appeal.id;
    const again = await app.gql(SUBMIT, { i: { evaluationId: evaluation.id, reason: 'again' } }, service);
    expect(again.data.submitAppeal).toMatchObject({ __typename: 'AlreadyExistsError', code: 'ALREADY_EXISTS' });

    const item = await live.item;
    await live.close();
    expect(item).toMatchObject({ status: 'OPEN', queue: 'appeals', severity: 4, appeal: { id: appealId, status: 'IN_REVIEW' } });
    expect(item.reasons).toContain('appeal: It was a joke about my own cat');
    const requests = model.chatRequests().slice(before);
    expect(requests.map((r) => r.body.reasoning_effort)).toEqual(['high']);

    const reasoned = (await app.gql(APPEAL, { id: appealId }, admin)).data.node;
    expect(reasoned.evaluation).toMatchObject({ status: 'DECIDED', effort: 'HIGH', effortReason: 'appeal' });
    expect(reasoned.evaluation.verdicts.at(-1)).toEqual({ stage: 'REASONING', label: 'VIOLATING', effort: 'HIGH', reviewer: null, evaluator: 'safeguard-openai', supersedes: { stage: 'HUMAN' } });

    await app.gql(CLAIM, { id: item.id }, reviewer);
    const overturned = await app.gql(DECIDE, { i: { id: item.id, decisions: [{ policyVersionId: versionId, label: 'NON_VIOLATING', ruleIds: [], rationale: 'Play with a consenting pet owner, no harm.' }] } }, reviewer);
    expect(overturned.data.decideReviewItem.item.appeal).toEqual({ id: appealId, status: 'DECIDED', outcome: 'OVERTURNED' });
    const done = (await app.gql(APPEAL, { id: appealId }, service)).data.node;
    expect(done).toMatchObject({ status: 'DECIDED', outcome: 'OVERTURNED', reviewItem: null });
    expect(done.statementOfReasons).toContain('Outcome: OVERTURNED');
    expect(done.statementOfReasons).toContain('the content does not violate the policy (the decision appealed was VIOLATING)');
    expect(done.statementOfReasons).toContain('PT1.b (Animal cruelty): "Describes, praises or encourages cruelty to an animal."');
    expect(done.statementOfReasons).toContain("Reviewer's reasons: Play with a consenting pet owner, no harm.");

    const listed = await app.gql(`{ appeals(status: DECIDED) { totalCount edges { node { id outcome } } } }`, {}, await app.token(['auditor']));
    expect(listed.data.appeals).toEqual({ totalCount: 1, edges: [{ node: { id: appealId, outcome: 'OVERTURNED' } }] });
    const chain = await app.gql(`{ verifyAuditChain { ok } }`, {}, admin);
    expect(chain.data.verifyAuditChain.ok).toBe(true);
    const actions = await app.database.db.selectFrom('audit_events').select('action').where('subject_type', '=', 'Appeal').orderBy('chain_seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['appeal.submitted', 'appeal.decided']);
  });

  it('refuses to appeal an evaluation that was not decided (INVALID_STATE) or does not exist (NOT_FOUND)', async () => {
    const running = await app.gql(`mutation($i: EvaluateInput!) { evaluate(input: $i) { ... on EvaluateSuccess { evaluation { id status provisionalAction } } } }`,
      { i: { content: 'slowly, a cat', policies: ['pets'], wait: false } }, service);
    const { id, provisionalAction } = running.data.evaluate.evaluation;
    expect(provisionalAction).toBe('hold');
    // Cancelled before it could finish: a CANCELLED evaluation is no decision to appeal.
    const cancelled = await app.gql(`mutation($id: ID!) { cancelEvaluation(id: $id) { __typename } }`, { id }, service);
    expect(cancelled.data.cancelEvaluation.__typename).toBe('CancelEvaluationSuccess');
    const early = await app.gql(SUBMIT, { i: { evaluationId: id, reason: 'too soon' } }, service);
    expect(early.data.submitAppeal).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
    const missing = await app.gql(SUBMIT, { i: { evaluationId: '00000000-0000-4000-8000-000000000000', reason: 'x' } }, admin);
    expect(missing.data.submitAppeal).toMatchObject({ code: 'NOT_FOUND' });
    await evaluateAndWait(app, admin, { content: 'a dog sleeping', policies: ['pets'] });
  });
});
