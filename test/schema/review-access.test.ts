import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/auth/roles.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { publishPolicy } from '../helpers/evaluate.js';
import { CLAIM, CLAIM_NEXT, DECIDE, escalate, RELEASE } from '../helpers/review.js';
import { scriptedReasoner } from '../helpers/scripted-reasoner.js';
import { wsClient } from '../helpers/ws-client.js';

const EVENTS = `subscription($q: String) { reviewQueueEvents(queue: $q) { __typename
  ... on ReviewItemAdded { item { id status } } ... on ReviewItemClaimed { item { id status assignee } }
  ... on ReviewItemReleased { item { id status assignee } } ... on ReviewItemDecided { item { id status } } } }`;
const SUBMIT = `mutation($i: SubmitAppealInput!) { submitAppeal(input: $i) { __typename ... on Error { code } } }`;
const codes = (result: { errors?: any[] }) => (result.errors ?? []).map((e) => e.extensions?.code);

describe(`review roles and the live queue (${testEngine})`, () => {
  let app: TestApp;
  let url: string;
  let admin: string;
  let reviewer: string;
  const tokens: Partial<Record<Role, string>> = {};
  const reasoner = scriptedReasoner({ label: 'VIOLATING', ruleIds: ['PT1.b'], confidence: 'high', rationale: 'Cruelty.', reasoning: ['secret thoughts about the cat'] });
  beforeAll(async () => {
    // Over Redis when the suite has one, so the snapshot of an item crosses a real bus.
    const redis = process.env.ARBITER_TEST_REDIS_URL;
    app = await createTestApp({}, redis ? { REDIS_URL: redis } : {}, [reasoner.evaluator]);
    url = (await app.start(0)).url;
    admin = await app.token(['admin']);
    reviewer = await app.token(['reviewer'], 'acme', 'rita');
    for (const role of ['service', 'policy_author', 'auditor', 'reviewer', 'admin'] as const) tokens[role] = await app.token([role]);
    await publishPolicy(app, admin);
  });
  afterAll(async () => app.close());

  it.each(['service', 'policy_author', 'auditor'] as const)('refuses claim, release and decide to %s with FORBIDDEN', async (role) => {
    const evaluation = await escalate(app, admin, `A cat was hurt (${role})`);
    const id = evaluation.reviewItem.id;
    for (const [query, variables] of [[CLAIM, { id }], [CLAIM_NEXT, {}], [RELEASE, { id }],
      [DECIDE, { i: { id, decisions: [{ policyVersionId: evaluation.policyVersions[0].id, label: 'NON_VIOLATING' }] } }]] as const) {
      expect(codes(await app.gql(query, variables, tokens[role]))).toEqual(['FORBIDDEN']);
    }
  });

  it.each(['reviewer', 'policy_author', 'auditor'] as const)('refuses submitAppeal to %s with FORBIDDEN', async (role) => {
    const evaluation = await escalate(app, admin, `A cat was hurt again (${role})`);
    expect(codes(await app.gql(SUBMIT, { i: { evaluationId: evaluation.id, reason: 'no' } }, tokens[role]))).toEqual(['FORBIDDEN']);
  });

  it('lets the auditor read the queue with the chain of thought, and keeps the queue from service and policy_author', async () => {
    const query = `{ reviewItems(first: 1) { totalCount edges { node { evaluation { verdicts { reasoning } } } } } }`;
    const audited = await app.gql(query, {}, tokens.auditor);
    expect(audited.data.reviewItems.edges[0].node.evaluation.verdicts.map((v: any) => v.reasoning)).toContain('secret thoughts about the cat');
    for (const role of ['service', 'policy_author'] as const) {
      expect(codes(await app.gql(query, {}, tokens[role]))).toEqual(['FORBIDDEN']);
      expect(codes(await app.gql(`{ reviewStats { open } }`, {}, tokens[role]))).toEqual(['FORBIDDEN']);
    }
    const evaluation = await escalate(app, admin, 'A cat was hurt, seen by a service');
    const seen = await app.gql(`query($id: ID!) { evaluation(id: $id) { reviewItem { id } provisionalAction } }`, { id: evaluation.id }, tokens.service);
    expect(seen.data.evaluation).toEqual({ reviewItem: null, provisionalAction: 'hold' });
  });

  it('announces a newly escalated evaluation to a live subscriber with ReviewItemAdded', async () => {
    const client = wsClient(url, tokens.auditor!);
    const added = new Promise<any>((resolve, reject) => {
      client.subscribe<any>({ query: EVENTS, variables: { q: 'default' } }, {
        next: (value) => { if (value.data?.reviewQueueEvents.__typename === 'ReviewItemAdded') resolve(value.data.reviewQueueEvents); },
        error: reject, complete: () => reject(new Error('the queue stream ended')),
      });
    });
    await new Promise<void>((resolve) => client.on('connected', () => setTimeout(resolve, 100)));
    const evaluation = await escalate(app, admin, 'A cat was hurt, announced');
    expect(await added).toEqual({ __typename: 'ReviewItemAdded', item: { id: evaluation.reviewItem.id, status: 'OPEN' } });
    await client.dispose();
  });

  it('streams claims, releases and decisions of a queue to a graphql-ws subscriber as they happen', async () => {
    const evaluation = await escalate(app, admin, 'A cat was hurt, live');
    const id = evaluation.reviewItem.id;
    const client = wsClient(url, tokens.auditor!);
    const events: any[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe<any>({ query: EVENTS, variables: { q: 'default' } }, {
        next: (value) => {
          events.push(value.data?.reviewQueueEvents ?? value);
          if (events.length === 3) resolve();
        },
        error: reject, complete: () => resolve(),
      });
    });
    await new Promise<void>((resolve) => client.on('connected', () => setTimeout(resolve, 100)));
    await app.gql(CLAIM, { id }, reviewer);
    await app.gql(RELEASE, { id }, reviewer);
    await app.gql(CLAIM, { id }, reviewer);
    await done;
    await client.dispose();
    expect(events).toEqual([
      { __typename: 'ReviewItemClaimed', item: { id, status: 'CLAIMED', assignee: 'rita' } },
      { __typename: 'ReviewItemReleased', item: { id, status: 'OPEN', assignee: null } },
      { __typename: 'ReviewItemClaimed', item: { id, status: 'CLAIMED', assignee: 'rita' } },
    ]);
  });

  it('streams the same queue changes over server-sent events, and nothing of another queue', async () => {
    const evaluation = await escalate(app, admin, 'A cat was hurt, over SSE');
    const id = evaluation.reviewItem.id;
    const controller = new AbortController();
    const response = await fetch(url, {
      method: 'POST', signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${tokens.auditor}` },
      body: JSON.stringify({ query: EVENTS, variables: { q: 'default' } }),
    });
    const reader = response.body!.getReader();
    const other = await collectNone(url, tokens.auditor!, 'urgent');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await app.gql(CLAIM, { id }, reviewer);
    const decided = await app.gql(DECIDE, { i: { id, decisions: [{ policyVersionId: evaluation.policyVersions[0].id, label: 'VIOLATING', ruleIds: ['PT1.b'] }] } }, reviewer);
    expect(decided.data.decideReviewItem.__typename).toBe('DecideReviewItemSuccess');
    const messages: any[] = [];
    let text = '';
    while (messages.length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      const lines = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6))).filter((m) => m.data);
      messages.splice(0, messages.length, ...lines.map((m) => m.data.reviewQueueEvents));
    }
    controller.abort();
    expect(messages).toEqual([
      { __typename: 'ReviewItemClaimed', item: { id, status: 'CLAIMED', assignee: 'rita' } },
      { __typename: 'ReviewItemDecided', item: { id, status: 'DECIDED' } },
    ]);
    expect(await other()).toEqual([]);
  });
});

/** Subscribes to a queue and, when asked, returns what it saw (nothing is expected). */
async function collectNone(url: string, token: string, queue: string): Promise<() => Promise<unknown[]>> {
  const client = wsClient(url, token);
  const seen: unknown[] = [];
  client.subscribe({ query: EVENTS, variables: { q: queue } }, { next: (v) => void seen.push(v), error: () => undefined, complete: () => undefined });
  await new Promise<void>((resolve) => client.on('connected', () => setTimeout(resolve, 100)));
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.dispose();
    return seen;
  };
}
