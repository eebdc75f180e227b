import type { TokenUsage } from '../../sdk/index.js';

/** Wire protocol of the model server. `auto` probes the server once (see `detectFlavour`). */
export type Flavour = 'openai' | 'ollama-native' | 'auto';

/** Options of {@link safeguardOpenAI}. Only `baseUrl` and `model` are required. */
export interface SafeguardOpenAIOptions {
  /** `SAFEGUARD_URL`: the OpenAI base (`http://localhost:8000/v1`) or Ollama's origin for `ollama-native`. */
  readonly baseUrl: string;
  /** `SAFEGUARD_MODEL`: the model name as the server lists it. */
  readonly model: string;
  readonly flavour?: Flavour;
  /** Sent as `Authorization: Bearer …` (vLLM `--api-key`, LM Studio with auth on). */
  readonly apiKey?: string;
  /** Decoding parameters; left out, the server's defaults apply. All are part of `identity()`. */
  readonly temperature?: number;
  readonly topP?: number;
  readonly maxTokens?: number;
  /** Policies one call may carry (`capabilities.maxPoliciesPerCall`). Default 8. */
  readonly maxPoliciesPerCall?: number;
  readonly timeouts?: Partial<Timeouts>;
  readonly retry?: Partial<RetryPolicy>;
  readonly circuitBreaker?: Partial<BreakerPolicy>;
  /** Injectable for tests and proxies; defaults to the global (undici) fetch. */
  readonly fetch?: typeof fetch;
  /** Milliseconds clock for the circuit breaker; tests inject one. Defaults to `Date.now`. */
  readonly clock?: () => number;
}

/** Deadlines of one HTTP attempt, in milliseconds. */
export interface Timeouts {
  /** From sending the request to receiving response headers. */
  readonly connectMs: number;
  /** From the headers to the first reasoning or answer token (a cold model may load first). */
  readonly firstTokenMs: number;
  /** Longest silence between tokens once they flow. */
  readonly idleMs: number;
  /** The whole attempt. */
  readonly totalMs: number;
}

/** Retries on connection errors and 5xx, with exponential backoff and jitter. */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Opens after `failureThreshold` consecutive failed attempts; half-opens after `cooldownMs`. */
export interface BreakerPolicy {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly baseUrl: string;
  readonly model: string;
  readonly flavour: Flavour;
  readonly apiKey: string | undefined;
  readonly decoding: { readonly temperature?: number; readonly top_p?: number; readonly max_tokens?: number };
  readonly maxPoliciesPerCall: number;
  readonly timeouts: Timeouts;
  readonly retry: RetryPolicy;
  readonly circuitBreaker: BreakerPolicy;
  readonly fetch: typeof fetch;
  readonly clock: () => number;
}

const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, firstTokenMs: 120_000, idleMs: 30_000, totalMs: 600_000 };
const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 4_000 };
const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 5, cooldownMs: 30_000 };

/** Fills in defaults and drops a trailing slash from the base URL. */
export function resolveOptions(options: SafeguardOpenAIOptions): ResolvedOptions {
  if (!options.baseUrl || !options.model) throw new TypeError('safeguardOpenAI needs a baseUrl and a model');
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    model: options.model,
    flavour: options.flavour ?? 'auto',
    apiKey: options.apiKey,
    decoding: dropUndefined({ temperature: options.temperature, top_p: options.topP, max_tokens: options.maxTokens }),
    maxPoliciesPerCall: options.maxPoliciesPerCall ?? 8,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    retry: { ...DEFAULT_RETRY, ...options.retry },
    circuitBreaker: { ...DEFAULT_BREAKER, ...options.circuitBreaker },
    fetch: options.fetch ?? globalThis.fetch,
    clock: options.clock ?? Date.now,
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Usage when the runtime reports none. */
export const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
