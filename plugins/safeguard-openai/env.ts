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
