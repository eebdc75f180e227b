import { safeguardError } from './errors.js';
import { readLines } from './lines.js';
import type { StreamEnd, StreamSink } from './sink.js';

interface OllamaChunk {
  readonly message?: { readonly content?: string; readonly thinking?: string };
  readonly done?: boolean;
  readonly done_reason?: string;
  readonly prompt_eval_count?: number;
  readonly eval_count?: number;
  readonly error?: string;
}

/** Reads Ollama's native `/api/chat` NDJSON stream (`message.thinking`, `message.content`). */
export async function readOllamaChatStream(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  sink: StreamSink,
): Promise<StreamEnd> {
  let done = false;
  const ended = await readLines(body, signal, (line) => {
    if (line.trim().length === 0) return false;
    const chunk = parse(line);
    if (chunk.error !== undefined) {
      throw safeguardError('MODEL_SERVER_ERROR', `the model server reported an error mid-stream: ${chunk.error}`, { retryable: true });
    }
    if (chunk.message?.thinking) sink.reasoning(chunk.message.thinking);
    if (chunk.message?.content) sink.content(chunk.message.content);
    if (!chunk.done) return false;
    const prompt = chunk.prompt_eval_count ?? 0;
    const completion = chunk.eval_count ?? 0;
    sink.usage({ promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion });
    sink.finish(chunk.done_reason ?? 'stop');
    done = true;
    return true;
  });
  return { complete: done, cut: !ended };
}

function parse(line: string): OllamaChunk {
  try {
    return JSON.parse(line) as OllamaChunk;
  } catch (error) {
    throw safeguardError('PROTOCOL_ERROR', `the model server sent a line that is not JSON: ${line.slice(0, 120)}`, { retryable: false, cause: error });
  }
}
