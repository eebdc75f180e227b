import type { IncomingMessage, ServerResponse } from 'node:http';
import { toDeltas } from './deltas.js';
import type { ChatRequestBody, ModelScript, RequestOutcome } from './types.js';
import { closingChunks, deltaChunk, ndjsonChunk, ndjsonClosing, openingChunk, type WireContext } from './wire.js';

export const DEFAULT_REASONING =
  'The user posted a short message. Check it against each rule of the policy. It asks a plain question and promotes nothing, so it does not violate the policy.';
export const DEFAULT_FINAL =
  '{"violation": 0, "policy_category": null, "rule_ids": [], "confidence": "high", "rationale": "A plain question that promotes nothing; it does not violate the policy."}';

/** Arguments of {@link streamScript}. */
export interface StreamArgs {
  readonly res: ServerResponse;
  readonly req: IncomingMessage;
  readonly ctx: WireContext;
  readonly native: boolean;
  readonly body: ChatRequestBody;
  readonly script: ModelScript;
  readonly settle: (outcome: RequestOutcome) => void;
}

/** Streams one scripted generation in the wire shape of `ctx.flavour` (or Ollama NDJSON when `native`). */
export async function streamScript(args: StreamArgs): Promise<void> {
  const { res, ctx, native, script, settle } = args;
  const failure = script.failure;
  if (failure?.kind === 'http-error') return sendError(args, failure.status, failure.message ?? 'scripted failure');
  if (failure?.kind === 'drop') {
    settle('server-cut');
    args.req.socket.destroy();
    return;
  }
  const reasoning = script.reasoning ?? DEFAULT_REASONING;
  const final = script.final ?? DEFAULT_FINAL;
  const size = script.chunkSize ?? 16;
  const deltas =
    failure?.kind === 'stall' ? toDeltas(ctx.flavour, reasoning.slice(0, failure.afterReasoningChars ?? 0), '', size, false)
    : failure?.kind === 'cut' ? toDeltas(ctx.flavour, reasoning, final.slice(0, failure.afterFinalChars), size)
    : toDeltas(ctx.flavour, reasoning, final, size);
  res.writeHead(200, {
    'content-type': native ? 'application/x-ndjson' : 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  const pieces = native ? deltas.map((d) => ndjsonChunk(ctx, d)) : [openingChunk(ctx), ...deltas.map((d) => deltaChunk(ctx, d))];
  const offset = native ? 0 : 1;
  for (let i = 0; i < pieces.length; i += 1) {
    if (res.destroyed) return;
    const flushed = write(res, pieces[i]!, script.delayMs ?? 0);
    if (i >= offset) script.onWrite?.(i - offset); // the piece is in the socket now; pacing follows
    if (!(await flushed)) return;
    if (i === offset && script.holdUntil) await script.holdUntil;
  }
  if (failure?.kind === 'stall') return; // silence; the client's timeout or close ends it
  if (failure?.kind === 'cut') {
    settle('server-cut');
    res.socket?.end(); // flushes what was written, then closes without ending the HTTP body
    return;
  }
  const finish = script.finishReason === undefined ? 'stop' : script.finishReason;
  const usage = script.usage ?? { promptTokens: Math.ceil(JSON.stringify(args.body.messages ?? []).length / 4), completionTokens: deltas.length };
  if (finish !== null) {
    res.write(native ? ndjsonClosing(ctx, finish, usage) : closingChunks(ctx, finish, usage, args.body.stream_options?.include_usage === true));
  }
  res.end();
}

/** Writes one piece; waits for it to reach the socket when pacing, and for drain under backpressure. */
function write(res: ServerResponse, piece: string, delayMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const ok = res.write(piece, () => {
      if (delayMs > 0) setTimeout(() => resolve(!res.destroyed), delayMs);
    });
    if (delayMs > 0) return;
    if (ok) return resolve(true);
    const settle = (flowing: boolean) => (): void => {
      res.off('drain', onDrain).off('close', onClose);
      resolve(flowing);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    res.on('drain', onDrain).on('close', onClose);
  });
}

/** An error response in the runtime's own shape. */
export function sendError(args: Pick<StreamArgs, 'res' | 'ctx' | 'native' | 'settle'>, status: number, message: string): void {
  const ollama = args.native || args.ctx.flavour.startsWith('ollama');
  const body = ollama ? { error: message } : { object: 'error', error: { message, type: status >= 500 ? 'InternalServerError' : 'BadRequestError', param: null, code: status } };
  args.res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  args.settle('completed');
}
