import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeguardReplicaOptionsFromEnv } from '../../../plugins/safeguard-openai/env.js';

describe('safeguardReplicaOptionsFromEnv', () => {
  it('is undefined when SAFEGUARD_URL is unset or blank', () => {
    expect(safeguardReplicaOptionsFromEnv({ SAFEGUARD_MODEL: 'm' })).toBeUndefined();
    expect(safeguardReplicaOptionsFromEnv({ SAFEGUARD_URL: ' , ', SAFEGUARD_MODEL: 'm' })).toBeUndefined();
  });

  it('gives one options object per listed URL, sharing model, flavour and key', () => {
    const env = { SAFEGUARD_URL: 'http://gpu-a:8000/v1, http://gpu-b:8000/v1', SAFEGUARD_MODEL: 'openai/gpt-oss-safeguard-20b', SAFEGUARD_API_KEY: 'k' };
    expect(safeguardReplicaOptionsFromEnv(env)).toEqual([
      { baseUrl: 'http://gpu-a:8000/v1', model: 'openai/gpt-oss-safeguard-20b', flavour: 'auto', apiKey: 'k' },
      { baseUrl: 'http://gpu-b:8000/v1', model: 'openai/gpt-oss-safeguard-20b', flavour: 'auto', apiKey: 'k' },
    ]);
  });

  it('names SAFEGUARD_URL when an entry is not a URL, and still requires the model', () => {
    expect(() => safeguardReplicaOptionsFromEnv({ SAFEGUARD_URL: 'http://a/v1,,http://b/v1', SAFEGUARD_MODEL: 'm' })).toThrow(/^SAFEGUARD_URL must be a URL/);
    expect(() => safeguardReplicaOptionsFromEnv({ SAFEGUARD_URL: 'http://a/v1,gpu-b:8000', SAFEGUARD_MODEL: 'm' })).toThrow('"gpu-b:8000"');
    expect(() => safeguardReplicaOptionsFromEnv({ SAFEGUARD_URL: 'http://a/v1,http://b/v1' })).toThrow('SAFEGUARD_MODEL');
  });

  it('returns the listed URLs in order, whatever the spacing', () => {
    const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
    const url = fc.tuple(fc.constantFrom('http', 'https'), host, fc.integer({ min: 1, max: 65535 })).map(([s, h, p]) => `${s}://${h}:${p}/v1`);
    const spaces = fc.stringMatching(/^ {0,3}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(spaces, url, spaces), { minLength: 1, maxLength: 5 }), (entries) => {
        const list = entries.map(([before, u, after]) => `${before}${u}${after}`).join(',');
        const options = safeguardReplicaOptionsFromEnv({ SAFEGUARD_URL: list, SAFEGUARD_MODEL: 'm' });
        expect(options?.map((o) => o.baseUrl)).toEqual(entries.map(([, u]) => u));
      }),
    );
  });
});
