import { describe, expect, it } from 'vitest';
import { safeguardOptionsFromEnv } from '../../../plugins/safeguard-openai/index.js';

describe('safeguardOptionsFromEnv', () => {
  it('is undefined when SAFEGUARD_URL is unset', () => {
    expect(safeguardOptionsFromEnv({ SAFEGUARD_MODEL: 'm' })).toBeUndefined();
  });

  it('reads the URL, model, flavour and API key', () => {
    expect(
      safeguardOptionsFromEnv({ SAFEGUARD_URL: 'http://localhost:11434', SAFEGUARD_MODEL: 'gpt-oss-safeguard:20b', SAFEGUARD_FLAVOUR: 'ollama-native', SAFEGUARD_API_KEY: 'k' }),
    ).toEqual({ baseUrl: 'http://localhost:11434', model: 'gpt-oss-safeguard:20b', flavour: 'ollama-native', apiKey: 'k' });
    expect(safeguardOptionsFromEnv({ SAFEGUARD_URL: 'http://localhost:8000/v1', SAFEGUARD_MODEL: 'openai/gpt-oss-safeguard-20b' })).toEqual({
      baseUrl: 'http://localhost:8000/v1',
      model: 'openai/gpt-oss-safeguard-20b',
      flavour: 'auto',
    });
  });

  it('rejects a URL without a model and an unknown flavour', () => {
    expect(() => safeguardOptionsFromEnv({ SAFEGUARD_URL: 'http://x/v1' })).toThrow('SAFEGUARD_MODEL');
    expect(() => safeguardOptionsFromEnv({ SAFEGUARD_URL: 'http://x/v1', SAFEGUARD_MODEL: 'm', SAFEGUARD_FLAVOUR: 'tgi' })).toThrow('SAFEGUARD_FLAVOUR');
  });
});
