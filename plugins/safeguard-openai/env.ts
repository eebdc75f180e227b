import type { Flavour, SafeguardOpenAIOptions } from './options.js';

const FLAVOURS: readonly string[] = ['openai', 'ollama-native', 'auto'];

/**
 * Reads the plugin's options from environment variables (the caller passes `process.env`):
 * `SAFEGUARD_URL`, `SAFEGUARD_MODEL`, and optionally `SAFEGUARD_FLAVOUR`, `SAFEGUARD_API_KEY`.
 * Returns `undefined` when `SAFEGUARD_URL` is unset (no reasoning server configured).
 */
export function safeguardOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): SafeguardOpenAIOptions | undefined {
  const baseUrl = env.SAFEGUARD_URL?.trim();
  if (!baseUrl) return undefined;
  const model = env.SAFEGUARD_MODEL?.trim();
  if (!model) throw new TypeError('SAFEGUARD_URL is set but SAFEGUARD_MODEL is not: name the model the server serves');
  const flavour = env.SAFEGUARD_FLAVOUR?.trim() || 'auto';
  if (!FLAVOURS.includes(flavour)) throw new TypeError(`SAFEGUARD_FLAVOUR must be one of ${FLAVOURS.join(', ')}`);
  const apiKey = env.SAFEGUARD_API_KEY?.trim();
  return { baseUrl, model, flavour: flavour as Flavour, ...(apiKey ? { apiKey } : {}) };
}

/**
 * Like {@link safeguardOptionsFromEnv}, for a comma-separated `SAFEGUARD_URL` list of replicas:
 * one options object per URL, the other variables shared. Each entry must be an http(s) URL.
 */
export function safeguardReplicaOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): SafeguardOpenAIOptions[] | undefined {
  const urls = (env.SAFEGUARD_URL ?? '').split(',').map((url) => url.trim());
  if (urls.every((url) => url === '')) return undefined;
  for (const url of urls) {
    if (!/^https?:\/\/[^\s/]+/.test(url)) throw new TypeError(`SAFEGUARD_URL must be a URL or a comma-separated list of URLs, got "${url}"`);
  }
  const shared = safeguardOptionsFromEnv({ ...env, SAFEGUARD_URL: urls[0] })!;
  return urls.map((baseUrl) => ({ ...shared, baseUrl }));
}
