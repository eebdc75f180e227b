import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../helpers/evaluate.js';
import { startModelServer, type ChatRequestBody, type ModelServer } from '../helpers/model-servers/index.js';

const MODEL = 'openai/gpt-oss-safeguard-20b';
const prefix = (body: ChatRequestBody): string => JSON.stringify(body.messages!.slice(0, body.messages!.findIndex((m) => m.role === 'user')));

// SAFEGUARD_URL with two replicas: the server builds the pool, spreads calls, survives one dying.
describe(`two model-server replicas behind SAFEGUARD_URL (${testEngine})`, () => {
  let replicas: ModelServer[];
  let app: TestApp;
  let admin: string;
  beforeAll(async () => {
    replicas = await Promise.all([0, 1].map(() => startModelServer({ flavour: 'vllm', model: MODEL, script: { chunkSize: 24 } })));
    app = await createTestApp({}, { SAFEGUARD_URL: replicas.map((r) => r.url).join(','), SAFEGUARD_MODEL: MODEL, ARBITER_RETRY_LIMIT: '1' });
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all((replicas ?? []).map((r) => r.close()));
  });

  it('spreads evaluations over both replicas with a byte-identical policy prefix', async () => {
    const contents = ['A cat tree for sale', 'Where can I buy dog food?', 'My hamster likes carrots', 'Looking for a vet in Leeds'];
    for (const content of contents) {
      expect(await evaluateAndWait(app, admin, { content, policies: ['pets'] })).toMatchObject({ status: 'DECIDED' });
    }
    expect(replicas.map((r) => r.chatRequests().length)).toEqual([2, 2]);
    const bodies = replicas.flatMap((r) => r.chatRequests().map((q) => q.body));
    expect(new Set(bodies.map(prefix)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.messages!.at(-1)!.content)).size).toBe(contents.length);
  });

  it('reports each replica in the evaluators query', async () => {
    const result = await app.gql('{ evaluators { name kind ready detail } }', {}, admin);
    const reasoner = result.data.evaluators.find((e: { kind: string }) => e.kind === 'reasoner');
    expect(reasoner).toMatchObject({ name: 'safeguard-openai', ready: true });
    expect(reasoner.detail).toBe(`2 of 2 replicas ready (${replicas.map((r) => `${r.url}: ready, breaker closed, 0 in flight`).join('; ')})`);
  });

  it('keeps deciding on the surviving replica once one is gone', async () => {
    await replicas[1]!.close();
    const before = replicas[0]!.chatRequests().length;
    for (const content of ['Rabbit hutch, barely used', 'Is a parrot a good first pet?']) {
      expect(await evaluateAndWait(app, admin, { content, policies: ['pets'] })).toMatchObject({ status: 'DECIDED' });
    }
    expect(replicas[0]!.chatRequests().length).toBe(before + 2);
    const result = await app.gql('{ evaluators { kind ready detail } }', {}, admin);
    const reasoner = result.data.evaluators.find((e: { kind: string }) => e.kind === 'reasoner');
    expect(reasoner.ready).toBe(true);
    // the dead one is known not ready: by its open breaker, or by a health probe that found it gone
    expect(reasoner.detail).toMatch(new RegExp(`^1 of 2 replicas ready .*${replicas[1]!.url}: not ready`));
  });
});
