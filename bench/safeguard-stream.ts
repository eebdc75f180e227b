// Streaming overhead of the safeguard-openai plugin against a bare SSE client, over loopback.
//
// A worker thread serves vLLM-shaped SSE streams of TOKENS one-token reasoning deltas:
// - bulk:      the whole stream pre-encoded and written in 64 KiB slices (the client is the bottleneck);
// - per-event: one socket write per delta, as a real server emits tokens (startModelServer);
// - paced:     one delta per ~1 ms, each write time stamped, to time write → onReasoning;
// plus the bulk stream replayed from memory through an injected fetch (no socket: CPU cost only).
// Bare client = fetch + minimal SSE line split + JSON.parse. Run: npx tsx bench/safeguard-stream.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { safeguardOpenAI } from '../plugins/safeguard-openai/index.js';
import { startModelServer } from '../test/helpers/model-servers/index.js';
import { closingChunks, deltaChunk, openingChunk, type WireContext } from '../test/helpers/model-servers/wire.js';
import type { EvaluatorPolicy } from '../sdk/index.js';

const TOKENS = 50_000;
const PACED = 2_000;
const RUNS = 7;
const MODEL = 'gpt-oss-safeguard:20b';
const FINAL = '{"violation": 0, "rule_ids": [], "confidence": "high", "rationale": "Nothing matches."}';

/** A 4-character token per delta: its index in base 36, so the receiver knows which write it was. */
const token = (i: number): string => i.toString(36).padStart(4, '0');
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6; // one monotonic clock for both threads

interface Urls {
  readonly bulk: string;
  readonly perEvent: string;
  readonly paced: string;
}

async function serve(writeTimes: Float64Array): Promise<Urls> {
  const ctx: WireContext = { flavour: 'vllm', model: MODEL, id: 'chatcmpl-bench', created: 1_761_000_000 };
  const pieces = [openingChunk(ctx)];
  for (let i = 0; i < TOKENS; i += 1) pieces.push(deltaChunk(ctx, { reasoning: token(i) }));
  pieces.push(deltaChunk(ctx, { content: FINAL }), closingChunks(ctx, 'stop', { promptTokens: 500, completionTokens: TOKENS }, true));
  const body = Buffer.from(pieces.join(''));
  const bulk = createServer((req, res) => {
    req.resume().on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let at = 0; at < body.length; at += 65_536) {
        if (!res.write(body.subarray(at, at + 65_536))) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => bulk.listen(0, '127.0.0.1', resolve));
  const reasoning = Array.from({ length: TOKENS }, (_, i) => token(i)).join('');
  const perEvent = await startModelServer({ flavour: 'vllm', model: MODEL, script: { reasoning, final: FINAL, chunkSize: 4 } });
  const pacedReasoning = reasoning.slice(0, PACED * 4);
  const onWrite = (i: number): void => void (i < PACED && (writeTimes[i] = nowMs()));
  const paced = await startModelServer({ flavour: 'vllm', model: MODEL, script: { reasoning: pacedReasoning, final: FINAL, chunkSize: 4, delayMs: 1, onWrite } });
  return { bulk: `http://127.0.0.1:${(bulk.address() as AddressInfo).port}/v1`, perEvent: perEvent.url, paced: paced.url };
}

/** The bare client: what any SSE consumer must do at least. */
async function bare(url: string, onToken: (text: string) => void, fetchImpl: typeof fetch = fetch): Promise<number> {
  const response = await fetchImpl(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, stream: true, messages: [] }),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  let count = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = rest + decoder.decode(value, { stream: true });
    let start = 0;
    for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
      const line = text.slice(start, end);
      start = end + 1;
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const reasoning = (JSON.parse(line.slice(6)) as { choices: { delta: { reasoning?: string } }[] }).choices[0]?.delta.reasoning;
      if (reasoning) {
        count += 1;
        onToken(reasoning);
      }
    }
    rest = text.slice(start);
  }
  return count;
}

const policy: EvaluatorPolicy = { id: 'p', slug: 'spam', version: 1, text: 'Spam policy.', rules: [], triage: { match: [], onMatch: 'escalate' } };

async function plugin(url: string, onToken: (text: string) => void, fetchImpl: typeof fetch = fetch): Promise<number> {
  const evaluator = safeguardOpenAI({ baseUrl: url, model: MODEL, flavour: 'openai', fetch: fetchImpl });
  let count = 0;
  const result = await evaluator.evaluate({
    policies: [policy],
    content: 'x',
    effort: 'low',
    signal: new AbortController().signal,
    onReasoning: (fragment) => {
      count += 1;
      onToken(fragment.text);
    },
  });
  if (result.answers[0]!.label !== 'NON_VIOLATING') throw new Error('the plugin misread the benchmark stream');
  return count;
}

type Client = (url: string, onToken: (text: string) => void, fetchImpl?: typeof fetch) => Promise<number>;

async function throughput(client: Client, url: string, expected: number, fetchImpl?: typeof fetch): Promise<number> {
  const started = nowMs();
  const count = await client(url, () => undefined, fetchImpl);
  const seconds = (nowMs() - started) / 1000;
  if (count !== expected) throw new Error(`read ${count} tokens, expected ${expected}`);
  return count / seconds;
}

interface Comparison {
  readonly bare: readonly number[];
  readonly plugin: readonly number[];
}

async function compare(url: string, fetchImpl?: typeof fetch): Promise<Comparison> {
  await throughput(bare, url, TOKENS, fetchImpl); // warm-up: JIT, connection pool
  await throughput(plugin, url, TOKENS, fetchImpl);
  const bareRuns: number[] = [];
  const pluginRuns: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    // alternate so drift (thermal, other load) hits both alike
    bareRuns.push(await throughput(bare, url, TOKENS, fetchImpl));
    pluginRuns.push(await throughput(plugin, url, TOKENS, fetchImpl));
  }
  return { bare: bareRuns, plugin: pluginRuns };
}

async function latency(client: Client, url: string, writeTimes: Float64Array): Promise<{ p50: number; p99: number }> {
  const delays: number[] = [];
  await client(url, (text) => {
    const i = Number.parseInt(text, 36);
    if (i < PACED) delays.push(nowMs() - writeTimes[i]!);
  });
  delays.sort((a, b) => a - b);
  return { p50: quantile(delays, 0.5), p99: quantile(delays, 0.99) };
}

function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function main(): Promise<void> {
  const shared = new SharedArrayBuffer(PACED * 8);
  const writeTimes = new Float64Array(shared);
  // workers do not inherit tsx's loader: register it in the worker before importing this file
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsx}).then((api) => { api.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(code, { eval: true, workerData: { shared } });
  const urls = await new Promise<Urls>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  const bulk = await compare(urls.bulk);
  const perEvent = await compare(urls.perEvent);
  const inMemory = await compare('http://in-memory/v1', inMemoryFetch(await (await fetch(`${urls.bulk}/chat/completions`, { method: 'POST', body: '{}' })).arrayBuffer()));
  await latency(plugin, urls.paced, writeTimes); // warm-up of the paced path
  const bareLatency = await latency(bare, urls.paced, writeTimes);
  const pluginLatency = await latency(plugin, urls.paced, writeTimes);
  await worker.terminate();
  // each bare run is paired with the plugin run right after it, so load that drifts during the
  // benchmark (other processes on the machine) hits both sides of a pair alike
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const row = (name: string, r: Comparison): string => {
    const paired = median(r.bare.map((bareTps, i) => 1 - r.plugin[i]! / bareTps));
    const best = 1 - Math.max(...r.plugin) / Math.max(...r.bare);
    return `| ${name} | ${fmt(median(r.bare))} | ${fmt(median(r.plugin))} | ${pct(paired)} | ${pct(best)} |`;
  };
  console.log(`## safeguard-openai stream overhead (${TOKENS.toLocaleString('en')} reasoning deltas, vLLM SSE over loopback, ${RUNS} run pairs)\n`);
  console.log('| server writes | bare client tokens/s (median) | plugin tokens/s (median) | slowdown (median of pairs) | slowdown (best vs best) |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(row('64 KiB slices', bulk));
  console.log(row('one write per delta', perEvent));
  console.log(row('no socket (in-memory body)', inMemory));
  console.log(`\n## write → callback latency (${PACED.toLocaleString('en')} deltas paced ~1 ms apart)\n`);
  console.log('| client | p50 ms | p99 ms |');
  console.log('|---|---:|---:|');
  console.log(`| bare client (token parsed) | ${bareLatency.p50.toFixed(3)} | ${bareLatency.p99.toFixed(3)} |`);
  console.log(`| plugin (onReasoning) | ${pluginLatency.p50.toFixed(3)} | ${pluginLatency.p99.toFixed(3)} |`);
}

/** A fetch that answers every request with the same body from memory, in 64 KiB chunks: CPU cost only. */
function inMemoryFetch(body: ArrayBuffer): typeof fetch {
  const bytes = new Uint8Array(body);
  return (async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 65_536) controller.enqueue(bytes.subarray(at, at + 65_536));
          controller.close();
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    )) as typeof fetch;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

if (isMainThread) {
  await main();
} else {
  const writeTimes = new Float64Array((workerData as { shared: SharedArrayBuffer }).shared);
  parentPort!.postMessage(await serve(writeTimes));
}
