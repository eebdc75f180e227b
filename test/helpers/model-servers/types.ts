/**
 * Which runtime a test server imitates, wire shape included:
 * - `vllm`: SSE, `delta.reasoning`, a usage-only chunk (`choices: []`) before `[DONE]`;
 * - `vllm-legacy`: the same with `delta.reasoning_content` (vLLM before 0.11);
 * - `llama-cpp`: llama.cpp server with `--jinja`: `delta.reasoning_content`, usage and
 *   `timings` on the finishing chunk;
 * - `ollama-openai`: Ollama's `/v1` (`delta.reasoning`); `ollama-native`: Ollama's `/api/chat`
 *   NDJSON (`message.thinking`). Both serve both APIs, as Ollama does; only `url` differs;
 * - `lmstudio`: LM Studio (`delta.reasoning`);
 * - `harmony-raw` / `harmony-stripped`: a server that leaks the harmony text into
 *   `delta.content`, raw (`<|channel|>analysis<|message|>…`) or stripped (`analysis…assistantfinal…`).
 */
export type ModelServerFlavour =
  | 'vllm'
  | 'vllm-legacy'
  | 'llama-cpp'
  | 'ollama-openai'
  | 'ollama-native'
  | 'lmstudio'
  | 'harmony-raw'
  | 'harmony-stripped';

/** Every flavour, for `describe.each`. */
export const MODEL_SERVER_FLAVOURS: readonly ModelServerFlavour[] = [
  'vllm',
  'vllm-legacy',
  'llama-cpp',
  'ollama-openai',
  'ollama-native',
  'lmstudio',
  'harmony-raw',
  'harmony-stripped',
];

/** How a scripted response goes wrong. */
export type ScriptFailure =
  /** Answers with this HTTP status and a runtime-style error body. */
  | { readonly kind: 'http-error'; readonly status: number; readonly message?: string }
  /** Destroys the connection before sending anything (a crashed or restarting server). */
  | { readonly kind: 'drop' }
  /** Streams all reasoning and `afterFinalChars` of the answer, then destroys the connection. */
  | { readonly kind: 'cut'; readonly afterFinalChars: number }
  /** Sends headers and `afterReasoningChars` of reasoning (default 0), then goes silent. */
  | { readonly kind: 'stall'; readonly afterReasoningChars?: number };

/** What the model "generates" for one chat request. */
export interface ModelScript {
  /** Chain of thought (analysis channel). */
  readonly reasoning?: string;
  /** Answer text (final channel). */
  readonly final?: string;
  /** Reported usage; defaults to rough counts. */
  readonly usage?: { readonly promptTokens: number; readonly completionTokens: number };
  /** Characters per streamed delta (default 16). */
  readonly chunkSize?: number;
  /** Pause between deltas in ms (default 0: as fast as the socket takes them). */
  readonly delayMs?: number;
  /** `length` imitates `max_tokens`; `null` ends the stream with no finish reason and no `[DONE]`. */
  readonly finishReason?: 'stop' | 'length' | null;
  readonly failure?: ScriptFailure;
  /** Once the first reasoning delta is written, the stream waits for this before the rest (a long generation). */
  readonly holdUntil?: Promise<unknown>;
  /** Called right after delta `index` was written to the socket (benchmarks time delivery). */
  readonly onWrite?: (index: number) => void;
}

/** A chat request body as the server received it. */
export interface ChatRequestBody {
  readonly model?: string;
  readonly messages?: readonly { readonly role: string; readonly content: string }[];
  readonly stream?: boolean;
  readonly reasoning_effort?: string;
  readonly think?: string | boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
  readonly [key: string]: unknown;
}

/** How a recorded request ended. */
export type RequestOutcome = 'completed' | 'client-closed' | 'server-cut';

/** One HTTP request the server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body (`{}` for requests without one). */
  readonly body: ChatRequestBody;
  /** Resolves once the response is over: fully sent, closed by the client, or cut by the script. */
  readonly settled: Promise<RequestOutcome>;
}

/** What a script may depend on: the chat request and its 0-based index among chat requests. */
export type ScriptSource = ModelScript | readonly ModelScript[] | ((request: RecordedRequest, index: number) => ModelScript);

/** Options of `startModelServer`. */
export interface ModelServerOptions {
  readonly flavour: ModelServerFlavour;
  /** One script for every request, one per request (the last repeats), or a function of the request. */
  readonly script?: ScriptSource;
  /** The model the server serves (default `gpt-oss-safeguard:20b`); other names get a 404. */
  readonly model?: string;
  /** Digest reported by Ollama's `/api/tags`. */
  readonly digest?: string;
}

/** A running test model server. */
export interface ModelServer {
  /** What the plugin's `baseUrl` should be: `…/v1`, or the origin for `ollama-native`. */
  readonly url: string;
  readonly origin: string;
  readonly flavour: ModelServerFlavour;
  readonly model: string;
  /** Every request received, in order (model listings included). */
  readonly requests: RecordedRequest[];
  /** Only the chat requests. */
  chatRequests(): RecordedRequest[];
  close(): Promise<void>;
}
