import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenCache } from '../../../server/auth/token-cache.js';

const principal = { subject: 'svc', tenantKey: 'acme', roles: new Set(['service'] as const) };

describe('verified-token cache', () => {
  afterEach(() => vi.useRealTimers());

  it('serves a verified token until a minute has passed', () => {
    vi.useFakeTimers({ now: 0 });
    const cache = createTokenCache();
    cache.set('t', principal, undefined);
    vi.setSystemTime(59_999);
    expect(cache.get('t')).toBe(principal);
    vi.setSystemTime(60_000);
    expect(cache.get('t')).toBeUndefined();
  });

  it('never serves a token past its expiry', () => {
    vi.useFakeTimers({ now: 0 });
    const cache = createTokenCache();
    cache.set('t', principal, 10);
    vi.setSystemTime(9_999);
    expect(cache.get('t')).toBe(principal);
    vi.setSystemTime(10_000);
    expect(cache.get('t')).toBeUndefined();
  });

  it('knows nothing of a token it was not given', () => {
    const cache = createTokenCache();
    cache.set('t', principal, undefined);
    expect(cache.get('t ')).toBeUndefined();
  });
});
