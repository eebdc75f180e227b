// Issue 4: time from a reasoning fragment being written to the model server's socket to a
// graphql-ws subscriber receiving it — the whole path: real HTTP + SSE into the safeguard-openai
// plugin, the pipeline, the event bus and the WebSocket. Loopback only, bounded.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startModelServer } from '../test/helpers/model-servers/index.js';
import { publishPolicy, startBenchApp } from './lib/arbiter.js';
import { machineLine } from './lib/machine.js';
import { ms, summarize } from './lib/stats.js';
import { markdownTable } from './lib/table.js';

const TOKENS = 2_000;
const WIDTH = 8; // every token is exactly one streamed delta: "t0001234" is 8 characters
const token = (i: number) => `t${String(i).padStart(WIDTH - 1, '0')}`;

async function measure(subscribers: number, engine: 'pglite' | 'postgres'): Promise<number[]> {
  const written = new Float64Array(TOKENS).fill(Number.NaN);
  const model = await startModelServer({
    flavour: 'vllm', model: 'bench-model',
    script: { reasoning: Array.from({ length: TOKENS }, (_, i) => token(i)).join(''), chunkSize: WIDTH, delayMs: 1,
      final: '{"violation":0,"rule_ids":[],"confidence":"high","rationale":"fine"}', onWrite: (i) => void (written[i] = performance.now()) },
  });
  const bench = await startBenchApp({ engine, env: { SAFEGUARD_URL: model.url, SAFEGUARD_MODEL: 'bench-model', NODE_ENV: 'production' } });
  try {
    const { url } = await bench.app.start(0);
    const admin = await bench.token(['admin']);
    await publishPolicy(bench, admin, { slug: 'pets', match: 'zzz never matches' });
    const { evaluate } = await bench.gql(`mutation($i: EvaluateInput!) { evaluate(input: $i) { ... on EvaluateSuccess { evaluation { id } } } }`, { i: { content: 'a dog bed', policies: ['pets'] } }, admin);
    const latencies: number[] = [];
    await Promise.all(Array.from({ length: subscribers }, () => follow(url.replace(/^http/, 'ws'), admin, evaluate.evaluation.id, (text, at) => {
      for (let i = 0; i + WIDTH <= text.length; i += WIDTH) {
        const index = Number(text.slice(i + 1, i + WIDTH));
        if (Number.isFinite(written[index]!)) latencies.push(at - written[index]!);
      }
    })));
    return latencies;
  } finally {
    await bench.close();
    await model.close();
  }
}

function follow(url: string, token: string, id: string, onDelta: (text: string, at: number) => void): Promise<void> {
  const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  return new Promise<void>((resolve, reject) => {
    client.subscribe<{ evaluationEvents: { __typename: string; text?: string } }>({
      query: 'subscription($id: ID!) { evaluationEvents(evaluationId: $id) { __typename ... on ReasoningDelta { text } } }', variables: { id },
    }, {
      next: (result) => {
        const event = result.data?.evaluationEvents;
        if (event?.__typename === 'ReasoningDelta') onDelta(event.text!, performance.now());
      },
      error: reject,
      complete: resolve,
    });
  }).finally(() => void client.dispose());
}

console.log(`reasoning delivery, model socket → graphql-ws subscriber · ${machineLine()}`);
const rows = [];
for (const engine of ['postgres', 'pglite'] as const) {
  // Subscribers share this process with the server: fan-out to many is delivery-latency.ts's job (separate process).
  for (const subscribers of [1, 10]) {
    const s = summarize(await measure(subscribers, engine));
    rows.push([`${engine}, ${subscribers} subscriber(s)`, s.count, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)]);
  }
}
console.log(markdownTable(['case', 'fragments received', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows));
console.log('goal: p99 ≤ 10 ms');
