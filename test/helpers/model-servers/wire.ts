import type { Delta } from './deltas.js';
import type { ModelServerFlavour } from './types.js';

/** Per-response constants every chunk repeats. */
export interface WireContext {
  readonly flavour: ModelServerFlavour;
  readonly model: string;
  readonly id: string;
  readonly created: number;
}

/** Usage as the wire reports it. */
export interface WireUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

const FINGERPRINT: Partial<Record<ModelServerFlavour, string>> = {
  'llama-cpp': 'b6123-4c1b2a3f',
  'harmony-raw': 'b6123-4c1b2a3f',
  'ollama-openai': 'fp_ollama',
};

/** An SSE event line pair. */
export function sse(payload: unknown): string {
  return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
}

function envelope(ctx: WireContext, choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const fingerprint = FINGERPRINT[ctx.flavour] ?? (ctx.flavour === 'lmstudio' ? ctx.model : undefined);
  return {
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    ...(fingerprint ? { system_fingerprint: fingerprint } : {}),
    choices,
    ...extra,
  };
}

function choice(ctx: WireContext, delta: Record<string, unknown>, finish: string | null): Record<string, unknown> {
  const vllmLike = ctx.flavour === 'vllm' || ctx.flavour === 'vllm-legacy' || ctx.flavour === 'lmstudio';
  return { index: 0, delta, ...(vllmLike ? { logprobs: null } : {}), finish_reason: finish };
}

/** The first chunk: the assistant role, as vLLM, Ollama and llama.cpp all send it. */
export function openingChunk(ctx: WireContext): string {
  const content = ctx.flavour === 'llama-cpp' || ctx.flavour === 'harmony-raw' ? null : '';
  return sse(envelope(ctx, [choice(ctx, { role: 'assistant', content }, null)]));
}

/** One delta in the flavour's field names. */
export function deltaChunk(ctx: WireContext, delta: Delta): string {
  const field = ctx.flavour === 'vllm-legacy' || ctx.flavour === 'llama-cpp' ? 'reasoning_content' : 'reasoning';
  const body: Record<string, unknown> = delta.reasoning !== undefined ? { [field]: delta.reasoning } : { content: delta.content };
  // Ollama repeats the role and an empty content on every reasoning delta
  const shaped = ctx.flavour === 'ollama-openai' ? { role: 'assistant', content: '', ...body } : body;
  return sse(envelope(ctx, [choice(ctx, shaped, null)]));
}

/** The finishing chunk(s) and `[DONE]`; llama.cpp puts usage on the finishing chunk itself. */
export function closingChunks(ctx: WireContext, finish: string, usage: WireUsage, includeUsage: boolean): string {
  const wireUsage = { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens };
  if (ctx.flavour === 'llama-cpp' || ctx.flavour === 'harmony-raw') {
    const timings = { prompt_n: usage.promptTokens, predicted_n: usage.completionTokens, predicted_per_second: 42.5 };
    return sse(envelope(ctx, [choice(ctx, {}, finish)], { usage: wireUsage, timings })) + sse('[DONE]');
  }
  const delta = ctx.flavour === 'ollama-openai' ? { role: 'assistant', content: '' } : {};
  const finishing = sse(envelope(ctx, [{ ...choice(ctx, delta, finish), ...(ctx.flavour.startsWith('vllm') ? { stop_reason: null } : {}) }]));
  const usageChunk = includeUsage ? sse(envelope(ctx, [], { usage: wireUsage })) : '';
  return finishing + usageChunk + sse('[DONE]');
}

/** One line of Ollama's native `/api/chat` stream. */
export function ndjsonChunk(ctx: WireContext, delta: Delta): string {
  const message = { role: 'assistant', content: delta.content ?? '', ...(delta.reasoning !== undefined ? { thinking: delta.reasoning } : {}) };
  return `${JSON.stringify({ model: ctx.model, created_at: new Date(ctx.created * 1000).toISOString(), message, done: false })}\n`;
}

/** Ollama's final native line: `done`, `done_reason` and the eval counts. */
export function ndjsonClosing(ctx: WireContext, finish: string, usage: WireUsage): string {
  const line = {
    model: ctx.model,
    created_at: new Date(ctx.created * 1000).toISOString(),
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: finish,
    total_duration: 1_234_567_890,
    load_duration: 12_345_678,
    prompt_eval_count: usage.promptTokens,
    prompt_eval_duration: 123_456_789,
    eval_count: usage.completionTokens,
    eval_duration: 987_654_321,
  };
  return `${JSON.stringify(line)}\n`;
}
