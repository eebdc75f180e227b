import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mintToken } from '../../../server/auth/mint.js';
import { createArbiterClient, type EvaluationEvent, type StreamTransport } from '../../../sdk/client/index.js';
import { createTestApp, TEST_SECRET, type TestApp } from '../../helpers/app.js';
import { cutProxy } from '../../helpers/cut-proxy.js';
import { testEngine } from '../../helpers/database.js';
import { publishPolicy } from '../../helpers/evaluate.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';

const FRAGMENTS = Array.from({ length: 24 }, (_, i) => `thought ${i}; `);
const summary = (events: readonly EvaluationEvent[]) => events.map((e) => `${e.seq}:${e.__typename}`);

describe(`client streams survive dropped connections (${testEngine})`, () => {
  let app: TestApp;
  let port: number;
  let admin: string;
  beforeAll(async () => {
    const reasoner = scriptedReasoner({ reasoning: FRAGMENTS, delayMs: 60, label: 'NON_VIOLATING', ruleIds: [], rationale: 'fine' });
    app = await createTestApp({}, {}, [reasoner.evaluator]);
    port = (await app.start(0)).port;
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
  });
  afterAll(async () => app.close());

  const direct = (transport: StreamTransport = 'sse') =>
    createArbiterClient({ url: `http://127.0.0.1:${port}/graphql`, token: admin, transport, webSocketImpl: WebSocket });
  const all = async <T>(iterable: AsyncIterable<T>) => {
    const items: T[] = [];
    for await (const item of iterable) items.push(item);
    return items;
  };

  for (const transport of ['sse', 'ws'] as const) {
    it(`yields every event exactly once, in order, when the ${transport} connection is cut twice mid-stream`, async () => {
      const proxy = await cutProxy({ port });
      const client = createArbiterClient({ url: proxy.url, token: admin, transport, webSocketImpl: WebSocket, reconnectDelayMs: 20 });
      const { id } = await client.evaluate({ content: `a ${transport} stream`, policies: ['pets'] });
      const events: EvaluationEvent[] = [];
      const cuts: number[] = [];
      for await (const event of client.evaluationEvents(id)) {
        events.push(event);
        if (events.length === 5 || events.length === 12) cuts.push(proxy.cut());
      }
      await proxy.close();
      expect(cuts.every((n) => n > 0)).toBe(true);
      const reference = await all(direct().evaluationEvents(id));
      expect(summary(events)).toEqual(summary(reference));
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.__typename === 'ReasoningDelta').map((e) => (e as { text: string }).text)).toEqual(FRAGMENTS);
      expect(events.at(-1)).toMatchObject({ __typename: 'EvaluationFinished', evaluation: { id, status: 'DECIDED' } });
    });
  }

  it('refreshes an expiring token when the server closes the socket with 4403, and resumes where it stopped', async () => {
    const tokens: string[] = [];
    const token = async () => {
      const fresh = await mintToken({ secret: TEST_SECRET, tenant: 'acme', roles: ['admin'], subject: 'user:admin', expiresIn: tokens.length === 0 ? '1s' : '1h' });
      tokens.push(fresh);
      return fresh;
    };
    const client = createArbiterClient({ url: `http://127.0.0.1:${port}/graphql`, token, transport: 'ws', webSocketImpl: WebSocket, reconnectDelayMs: 20 });
    const { id } = await direct().evaluate({ content: 'an expiring stream', policies: ['pets'] });
    const events = await all(client.evaluationEvents(id));
    const reference = await all(direct().evaluationEvents(id));
    expect(summary(events)).toEqual(summary(reference));
    // One token for the first socket, at least one more after the 4403 close.
    expect(tokens.length).toBeGreaterThanOrEqual(2);
  });

  it('ends with UNAUTHENTICATED when a fixed token expires, rather than reconnecting forever', async () => {
    const token = await mintToken({ secret: TEST_SECRET, tenant: 'acme', roles: ['admin'], expiresIn: '1s' });
    const client = createArbiterClient({ url: `http://127.0.0.1:${port}/graphql`, token, transport: 'ws', webSocketImpl: WebSocket });
    const { id } = await direct().evaluate({ content: 'a fixed token stream', policies: ['pets'] });
    await expect(all(client.evaluationEvents(id))).rejects.toMatchObject({ name: 'ArbiterError', code: 'UNAUTHENTICATED' });
  });

  it('resumes from afterSeq without replaying what the caller already has', async () => {
    const { id } = await direct().evaluate({ content: 'a resumed stream', policies: ['pets'], wait: true });
    const events = await all(direct('ws').evaluationEvents(id, { afterSeq: 4 }));
    expect(events[0]?.seq).toBe(5);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 5));
  });

  it('sends an SSE id per event and resumes an EventSource reconnect after Last-Event-ID', async () => {
    const { id } = await direct().evaluate({ content: 'an EventSource stream', policies: ['pets'], wait: true });
    const query = 'subscription($id: ID!) { evaluationEvents(evaluationId: $id) { __typename seq } }';
    const url = `http://127.0.0.1:${port}/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify({ id }))}`;
    const first = await (await fetch(url, { headers: { accept: 'text/event-stream', authorization: `Bearer ${admin}` } })).text();
    const ids = [...first.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    const seqs = [...first.matchAll(/^data: (\{.*\})$/gm)].map((m) => JSON.parse(m[1]!).data.evaluationEvents.seq);
    expect(ids).toEqual(seqs);
    expect(ids.length).toBeGreaterThan(10);
    const resumed = await (await fetch(url, { headers: { accept: 'text/event-stream', authorization: `Bearer ${admin}`, 'last-event-id': '7' } })).text();
    expect([...resumed.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual(ids.filter((seq) => seq > 7));
  });

  it('does not serve the graphql-sse single-connection mode it does not advertise', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'PUT', headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('x-graphql-event-stream-token')).toBeNull();
  });

  it('closes a WebSocket whose message is over the HTTP body limit (1009) and stays up', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${admin}`, pad: 'x'.repeat(app.config.limits.maxRequestBytes) } }));
    expect(await closed).toBe(1009);
    expect((await direct().evaluation(Buffer.from('Evaluation:00000000-0000-0000-0000-000000000000').toString('base64'))) ?? null).toBeNull();
  });
});
