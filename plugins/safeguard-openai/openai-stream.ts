import { safeguardError } from './errors.js';
import { readText } from './lines.js';
import type { StreamEnd, StreamSink } from './sink.js';

interface ChatChunk {
  readonly choices?: readonly {
    readonly delta?: { readonly content?: string | null; readonly reasoning?: string | null; readonly reasoning_content?: string | null };
    readonly finish_reason?: string | null;
  }[];
  readonly usage?: { readonly prompt_tokens?: number; readonly completion_tokens?: number; readonly total_tokens?: number } | null;
  readonly error?: { readonly message?: string } | string;
}

/**
 * Reads a Chat Completions server-sent-event stream. Reasoning comes from `delta.reasoning`
 * (vLLM, Ollama /v1, LM Studio) or `delta.reasoning_content` (llama.cpp, older vLLM); a server
 * that sends both carries the same text twice, so `reasoning` wins.
 */
export async function readChatCompletionsStream(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  sink: StreamSink,
): Promise<StreamEnd> {
  const state = { rest: '', data: '', finished: false, done: false };
  const ended = await readText(body, signal, (piece) => (piece === null ? undefined : onText(state, piece, sink)));
  return { complete: state.finished || state.done, cut: !ended };
}

interface SseState {
  rest: string;
  /** The `data:` lines of the event being read, joined with \n. */
  data: string;
  finished: boolean;
  done: boolean;
}

/**
 * Splits text into SSE lines inline (this runs once per token, so no call per line): a blank
 * line dispatches the event; comments (`: keep-alive`) and fields other than `data` are ignored.
 */
function onText(state: SseState, piece: string, sink: StreamSink): boolean {
  const text = state.rest + piece;
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    const stop = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop === start) {
      if (state.data.length > 0 && dispatch(state, sink)) return true;
    } else if (text.startsWith('data:', start)) {
      const from = text.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
      const value = text.slice(from, stop);
      state.data = state.data.length === 0 ? value : `${state.data}\n${value}`;
    }
    start = end + 1;
  }
  state.rest = text.slice(start);
  return false;
}

/** Handles one complete event; true at `[DONE]`. */
function dispatch(state: SseState, sink: StreamSink): boolean {
  const event = state.data;
  state.data = '';
  if (event === '[DONE]') return (state.done = true);
  if (onChunk(parse(event), sink)) state.finished = true;
  return false;
}

function parse(event: string): ChatChunk {
  try {
    return JSON.parse(event) as ChatChunk;
  } catch (error) {
    throw safeguardError('PROTOCOL_ERROR', `the model server sent an event that is not JSON: ${event.slice(0, 120)}`, { retryable: false, cause: error });
  }
}

/** Applies one chunk; true when it carried a finish reason. */
function onChunk(chunk: ChatChunk, sink: StreamSink): boolean {
  if (chunk.error !== undefined) {
    const message = typeof chunk.error === 'string' ? chunk.error : chunk.error.message ?? 'unknown error';
    throw safeguardError('MODEL_SERVER_ERROR', `the model server reported an error mid-stream: ${message}`, { retryable: true });
  }
  if (chunk.usage) {
    const { prompt_tokens: prompt = 0, completion_tokens: completion = 0 } = chunk.usage;
    sink.usage({ promptTokens: prompt, completionTokens: completion, totalTokens: chunk.usage.total_tokens ?? prompt + completion });
  }
  const choice = chunk.choices?.[0];
  if (!choice) return false;
  const delta = choice.delta;
  if (delta) {
    const reasoning = delta.reasoning || delta.reasoning_content;
    if (reasoning) sink.reasoning(reasoning);
    if (delta.content) sink.content(delta.content);
  }
  if (choice.finish_reason) {
    sink.finish(choice.finish_reason);
    return true;
  }
  return false;
}
