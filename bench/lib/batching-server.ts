// A simulated continuous-batching model server (vLLM-like) speaking the real OpenAI streaming
// protocol over HTTP: up to `capacity` sequences decode together, one token per sequence per
// step of `tokenMs`; a request waits in a FIFO queue while the batch is full, then needs `ttftMs`
// of prefill before its first token. GET /stats reports what it served; POST /stats/reset zeroes it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closingChunks, deltaChunk, openingChunk, type WireContext } from '../../test/helpers/model-servers/wire.js';

export interface BatchingOptions {
  readonly capacity: number;
  readonly ttftMs: number;
  readonly tokenMs: number;
  readonly reasoningTokens: number;
  readonly answerTokens: number;
  readonly model: string;
}

export interface BatchingStats {
  readonly active: number;
  readonly queued: number;
  readonly peakActive: number;
  readonly completed: number;
  readonly tokens: number;
}

interface Sequence {
  readonly res: ServerResponse;
  readonly ctx: WireContext;
  readonly pieces: string[];
  next: number;
  firstTokenAt: number;
}

const WORDS = 'the user asks a plain question about a pet and offers nothing for sale so no rule of the policy applies here'.split(' ');
const ANSWER = '{"violation": 0, "policy_category": null, "rule_ids": [], "confidence": "high", "rationale": "A plain question; it does not violate the policy."}';

export async function startBatchingServer(options: BatchingOptions): Promise<{ url: string; stats(): BatchingStats; close(): Promise<void> }> {
  const queue: Sequence[] = [];
  const active = new Set<Sequence>();
  let stats = { peakActive: 0, completed: 0, tokens: 0 };
  let requestCount = 0;
  const snapshot = (): BatchingStats => ({ active: active.size, queued: queue.length, ...stats });

  const step = (): void => {
    const now = performance.now();
    while (active.size < options.capacity && queue.length > 0) {
      const sequence = queue.shift()!;
      sequence.firstTokenAt = now + options.ttftMs;
      active.add(sequence);
    }
    stats.peakActive = Math.max(stats.peakActive, active.size);
    for (const sequence of active) {
      if (sequence.res.destroyed) active.delete(sequence);
      else if (now >= sequence.firstTokenAt) emit(sequence);
    }
  };
  const emit = (sequence: Sequence): void => {
    sequence.res.write(sequence.pieces[sequence.next]!);
    sequence.next += 1;
    stats.tokens += 1;
    if (sequence.next < sequence.pieces.length) return;
    sequence.res.end(closingChunks(sequence.ctx, 'stop', { promptTokens: 600, completionTokens: sequence.pieces.length }, true));
    active.delete(sequence);
    stats.completed += 1;
  };
  const timer = setInterval(step, options.tokenMs);

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for await (const _ of req); // drain the body
    const route = `${req.method} ${req.url}`;
    if (route === 'GET /v1/models') return json(res, { object: 'list', data: [{ id: options.model, object: 'model', owned_by: 'vllm' }] });
    if (route === 'GET /stats') return json(res, snapshot());
    if (route === 'POST /stats/reset') {
      stats = { peakActive: active.size, completed: 0, tokens: 0 };
      return json(res, snapshot());
    }
    if (route !== 'POST /v1/chat/completions') return json(res, { error: 'no route' }, 404);
    requestCount += 1;
    const ctx: WireContext = { flavour: 'vllm', model: options.model, id: `chatcmpl-${requestCount}`, created: Math.floor(Date.now() / 1000) };
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.write(openingChunk(ctx));
    queue.push({ res, ctx, pieces: pieces(ctx, options), next: 0, firstTokenAt: Number.POSITIVE_INFINITY });
  }
  server.keepAliveTimeout = 120_000; // clients reuse connections between calls; a 5 s idle close races them
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    stats: snapshot,
    close: () => new Promise((resolve) => {
      clearInterval(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function pieces(ctx: WireContext, options: BatchingOptions): string[] {
  const reasoning = Array.from({ length: options.reasoningTokens }, (_, i) => ({ reasoning: `${WORDS[i % WORDS.length]} ` }));
  const size = Math.ceil(ANSWER.length / options.answerTokens);
  const answer = Array.from({ length: options.answerTokens }, (_, i) => ({ content: ANSWER.slice(i * size, (i + 1) * size) }));
  return [...reasoning, ...answer].map((delta) => deltaChunk(ctx, delta));
}

function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
