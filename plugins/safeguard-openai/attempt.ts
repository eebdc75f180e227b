import { EvaluatorError, abortError } from '../../sdk/index.js';
import type { TokenUsage } from '../../sdk/index.js';
import { createHarmonySplitter } from '../../sdk/reasoning/index.js';
import { connectionError, httpError, safeguardError } from './errors.js';
import { readOllamaChatStream } from './ollama-stream.js';
import { readChatCompletionsStream } from './openai-stream.js';
import type { ResolvedOptions } from './options.js';
import { authHeaders, type Endpoints } from './server-info.js';
import type { StreamSink } from './sink.js';
import { createTextBuffer } from './text-buffer.js';
import { startWatchdog, type Watchdog } from './watchdog.js';

/** What one streamed HTTP attempt produced. */
export interface AttemptOutput {
  readonly reasoning: string;
  readonly output: string;
  readonly usage: TokenUsage | undefined;
  /** The generation did not finish: cut connection, no finish reason, or `length`. */
  readonly truncated: boolean;
}

/** Arguments of {@link runAttempt}. */
export interface AttemptInput {
  readonly options: ResolvedOptions;
  readonly endpoints: Endpoints;
  readonly body: string;
  readonly signal: AbortSignal;
  /** Forwards one reasoning fragment to the caller, at once. */
  readonly onReasoning: (text: string) => void;
}

/** One POST of the chat request, read to its end while reasoning is forwarded as it arrives. */
export async function runAttempt(input: AttemptInput): Promise<AttemptOutput> {
  const { options, endpoints } = input;
  const watchdog = startWatchdog(options.timeouts, input.signal);
  const caller = { failed: false };
  try {
    const response = await options.fetch(endpoints.chat, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream, application/x-ndjson', ...authHeaders(options) },
      body: input.body,
      signal: watchdog.signal,
    });
    if (!response.ok) throw httpError(response.status, await response.text().catch(() => ''), endpoints.chat);
    if (!response.body) throw safeguardError('PROTOCOL_ERROR', 'the model server sent no response body', { retryable: false });
    watchdog.headersReceived();
    return await readBody(input, response.body, watchdog, caller);
  } catch (error) {
    throw caller.failed ? error : translate(error, watchdog, input);
  } finally {
    watchdog.dispose();
  }
}

async function readBody(
  input: AttemptInput,
  body: ReadableStream<Uint8Array>,
  watchdog: Watchdog,
  caller: { failed: boolean },
): Promise<AttemptOutput> {
  const reasoning = createTextBuffer();
  const final = createTextBuffer();
  const splitter = createHarmonySplitter();
  let usage: TokenUsage | undefined;
  let finishReason: string | undefined;
  const forward = (text: string): void => {
    reasoning.push(text);
    try {
      input.onReasoning(text);
    } catch (error) {
      caller.failed = true; // the caller's own error, rethrown untouched
      throw error;
    }
  };
  const sink: StreamSink = {
    reasoning(text) {
      watchdog.token();
      forward(text);
    },
    content(text) {
      watchdog.token();
      const parts = splitter.push(text);
      if (parts.reasoning) forward(parts.reasoning);
      if (parts.final) final.push(parts.final);
    },
    usage: (reported) => void (usage = reported),
    finish: (reason) => void (finishReason = reason),
  };
  const read = input.endpoints.flavour === 'openai' ? readChatCompletionsStream : readOllamaChatStream;
  const end = await read(body, watchdog.signal, sink);
  const rest = splitter.end();
  if (rest.reasoning) forward(rest.reasoning);
  if (rest.final) final.push(rest.final);
  if (end.cut && reasoning.length === 0) {
    // nothing reached the caller yet, so the whole call can safely be retried
    throw safeguardError('STREAM_INTERRUPTED', `the model server closed the stream from ${input.endpoints.chat} early`, { retryable: true });
  }
  const truncated = end.cut || !end.complete || finishReason === 'length';
  return { reasoning: reasoning.toString(), output: final.toString(), usage, truncated };
}

function translate(error: unknown, watchdog: Watchdog, input: AttemptInput): unknown {
  if (input.signal.aborted) return abortError(input.signal);
  const phase = watchdog.expired();
  if (phase) {
    const ms = { connect: 'connectMs', 'first-token': 'firstTokenMs', idle: 'idleMs', total: 'totalMs' }[phase];
    return safeguardError('TIMEOUT', `the model server exceeded the ${phase} timeout (timeouts.${ms})`, { retryable: true, cause: error });
  }
  if (error instanceof EvaluatorError) return error;
  return connectionError(error, input.endpoints.chat);
}
