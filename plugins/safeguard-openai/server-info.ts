import type { ResolvedOptions } from './options.js';

/** The URLs one flavour talks to. */
export interface Endpoints {
  readonly flavour: 'openai' | 'ollama-native';
  readonly chat: string;
  /** `GET` lists the served models: `/v1/models` or Ollama's `/api/tags`. */
  readonly models: string;
}

/** A model as the server lists it. */
export interface ListedModel {
  readonly name: string;
  /** Ollama reports a content digest; OpenAI-style servers report none. */
  readonly digest?: string;
}

/** Endpoints of a flavour. A bare origin given for `openai` gets `/v1`, as every runtime serves it there. */
export function endpointsFor(baseUrl: string, flavour: 'openai' | 'ollama-native'): Endpoints {
  if (flavour === 'ollama-native') {
    const origin = baseUrl.replace(/\/v1$/, '');
    return { flavour, chat: `${origin}/api/chat`, models: `${origin}/api/tags` };
  }
  const base = new URL(baseUrl).pathname.replace(/\/+$/, '') === '' ? `${baseUrl}/v1` : baseUrl;
  return { flavour, chat: `${base}/chat/completions`, models: `${base}/models` };
}

/**
 * Picks the flavour for `auto`: a base URL ending in `/v1` is OpenAI-compatible; otherwise a
 * server answering `GET /api/tags` with a model list is Ollama, spoken to natively. `undefined`
 * when the server cannot be reached, so the caller can probe again later.
 */
export async function detectFlavour(
  options: ResolvedOptions,
  signal: AbortSignal,
): Promise<'openai' | 'ollama-native' | undefined> {
  if (options.flavour !== 'auto') return options.flavour;
  if (/\/v1$/.test(options.baseUrl)) return 'openai';
  const timeout = AbortSignal.timeout(options.timeouts.connectMs);
  const response = await options.fetch(`${options.baseUrl}/api/tags`, { headers: authHeaders(options), signal: AbortSignal.any([signal, timeout]) }).catch(() => undefined);
  if (!response) return undefined; // unreachable: undecided
  const tags: unknown = response.ok ? await response.json().catch(() => undefined) : await response.body?.cancel();
  return isRecord(tags) && Array.isArray(tags.models) ? 'ollama-native' : 'openai';
}

/** Lists the models an endpoint serves; throws when the server cannot be reached or answers non-2xx. */
export async function listModels(options: ResolvedOptions, url: string, signal: AbortSignal): Promise<ListedModel[]> {
  const json = await getJson(options, url, signal);
  const entries: unknown[] = isRecord(json) && Array.isArray(json.data) ? json.data : isRecord(json) && Array.isArray(json.models) ? json.models : [];
  return entries.filter(isRecord).map((entry) => ({
    name: String(entry.id ?? entry.name ?? entry.model ?? ''),
    ...(typeof entry.digest === 'string' ? { digest: entry.digest } : {}),
  }));
}

/** The listed model `name` refers to; Ollama's implicit `:latest` tag is honoured. */
export function findModel(models: readonly ListedModel[], name: string): ListedModel | undefined {
  const tagged = (n: string): string => (n.includes(':') ? n : `${n}:latest`);
  return models.find((model) => model.name === name || tagged(model.name) === tagged(name));
}

async function getJson(options: ResolvedOptions, url: string, signal: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(options.timeouts.connectMs);
  const response = await options.fetch(url, { headers: authHeaders(options), signal: AbortSignal.any([signal, timeout]) });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`GET ${url} answered ${response.status}`);
  }
  return (await response.json()) as unknown;
}

/** Headers every request carries. */
export function authHeaders(options: ResolvedOptions): Record<string, string> {
  return options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
