import { safeguardError } from './errors.js';
import { readLines } from './lines.js';
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
  let data = '';
  let finished = false;
  let sawDone = false;
  const ended = await readLines(body, signal, (line) => {
    if (line.length === 0) {
      if (data.length === 0) return false;
      const event = data;
      data = '';
      if (event === '[DONE]') return (sawDone = true);
      finished = onChunk(parse(event), sink) || finished;
      return false;
    }
    // multi-line events join with \n; comments (`: keep-alive`) and other fields are ignored
    if (line.startsWith('data:')) {
      const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
      data = data.length === 0 ? value : `${data}\n${value}`;
    }
    return false;
  });
  return { complete: finished || sawDone, cut: !ended };
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
