import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { policyDocument } from '../../helpers/policies.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';
import { collect, wsClient } from '../../helpers/ws-client.js';

const EVENTS = `subscription($id: ID!, $after: Int) { evaluationEvents(evaluationId: $id, afterSeq: $after) {
  __typename
  ... on StageChanged { seq status }
  ... on ReasoningDelta { seq text }
  ... on VerdictReached { seq verdict { stage label reasoning reasoningSha256 } }
  ... on EvaluationFinished { seq evaluation { status } } } }`;
const EVALUATE = `mutation($input: EvaluateInput!) { evaluate(input: $input) { ... on EvaluateSuccess { evaluation { id } } ... on Error { code message } } }`;
const FRAGMENTS = ['The content ', 'offers ', 'nothing ', 'for sale; ', 'PT0.b applies.'];
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe(`live evaluation events (${testEngine})`, () => {
  let app: TestApp;
  let url: string;
  let admin: string;
  beforeAll(async () => {
    const reasoner = scriptedReasoner({ reasoning: FRAGMENTS, delayMs: 40, label: 'NON_VIOLATING', ruleIds: [], rationale: 'The item sells accessories, not animals.' });
    app = await createTestApp({}, {}, [reasoner.evaluator]);
    url = (await app.start(0)).url;
    admin = await app.token(['admin']);
    const created = await app.gql(`mutation($i: CreatePolicyInput!) { createPolicy(input: $i) { ... on CreatePolicySuccess { version { id } } } }`,
      { i: { slug: 'pets', name: 'Pets', content: policyDocument() } }, admin);
    await app.gql(`mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename } }`, { id: created.data.createPolicy.version.id }, admin);
  });
  afterAll(async () => app.close());

  async function evaluate(content: string, token = admin): Promise<string> {
    const result = await app.gql(EVALUATE, { input: { content, policies: ['pets'] } }, token);
    return result.data.evaluate.evaluation.id;
  }

  it('streams stages, reasoning in order, the verdict and the end to a graphql-ws subscriber', async () => {
    const client = wsClient(url, admin);
    const id = await evaluate('Selling a barely used dog crate');
    const events = (await collect(client, EVENTS, { id })).map((r) => r.data!.evaluationEvents);
    await client.dispose();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.__typename === 'StageChanged' ? `Stage:${e.status}` : e.__typename)).toEqual([
      'Stage:QUEUED', 'Stage:TRIAGE', 'VerdictReached', 'Stage:REASONING', ...FRAGMENTS.map(() => 'ReasoningDelta'),
      'VerdictReached', 'Stage:DECIDED', 'EvaluationFinished',
    ]);
    const deltas = events.filter((e) => e.__typename === 'ReasoningDelta').map((e) => e.text);
    expect(deltas).toEqual(FRAGMENTS);
    const verdict = events.filter((e) => e.__typename === 'VerdictReached').at(-1)!.verdict;
    expect(verdict).toEqual({ stage: 'REASONING', label: 'NON_VIOLATING', reasoning: FRAGMENTS.join(''), reasoningSha256: sha256(FRAGMENTS.join('')) });
    expect(events.at(-1)).toEqual({ __typename: 'EvaluationFinished', seq: events.length, evaluation: { status: 'DECIDED' } });
  });

  it('gives a late subscriber the replay after afterSeq, then the rest, with no gap or duplicate', async () => {
    const id = await evaluate('Selling a dog leash');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const client = wsClient(url, admin);
    const events = (await collect(client, EVENTS, { id, after: 2 })).map((r) => r.data!.evaluationEvents);
    await client.dispose();
    expect(events[0].seq).toBe(3);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 3));
    expect(events.at(-1).__typename).toBe('EvaluationFinished');
  });

  it('streams the same events over server-sent events', async () => {
    const id = await evaluate('Selling cat toys');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: EVENTS, variables: { id } }),
    });
    const text = await response.text();
    const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6))).filter((m) => m.data).map((m) => m.data.evaluationEvents);
    expect(events.map((e: { seq: number }) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
    expect(events.filter((e: { __typename: string }) => e.__typename === 'ReasoningDelta').map((e: { text: string }) => e.text)).toEqual(FRAGMENTS);
  });

  it('never sends chain-of-thought to a service token', async () => {
    const service = await app.token(['service']);
    const id = await evaluate('Selling a fish tank', service);
    const client = wsClient(url, service);
    const events = (await collect(client, EVENTS, { id })).map((r) => r.data!.evaluationEvents);
    await client.dispose();
    expect(events.some((e) => e.__typename === 'ReasoningDelta')).toBe(false);
    expect(events.filter((e) => e.__typename === 'VerdictReached').map((e) => e.verdict.reasoning)).toEqual([null, null]);
    expect(events.at(-1).__typename).toBe('EvaluationFinished');
  });

  it('refuses a WebSocket connection without a valid token', async () => {
    const client = wsClient(url, null);
    await expect(collect(client, EVENTS, { id: '00000000-0000-0000-0000-000000000000' })).rejects.toMatchObject({ code: 4403 });
    await client.dispose();
  });

  it('answers an SSE subscription without a token with UNAUTHENTICATED', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: EVENTS, variables: { id: '00000000-0000-0000-0000-000000000000' } }),
    });
    const messages = (await response.text()).split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
    expect(messages.flatMap((m) => m.errors ?? []).map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });

  it("tells another tenant's subscriber the evaluation does not exist", async () => {
    const id = await evaluate('Selling a bird cage');
    const client = wsClient(url, await app.token(['admin'], 'globex'));
    const results = await collect(client, EVENTS, { id });
    await client.dispose();
    expect(results).toEqual([{ errors: [expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })] }]);
  });
});
