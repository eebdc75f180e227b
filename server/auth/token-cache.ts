import type { Principal } from './roles.js';

/** How long a verified token is trusted without checking its signature again. */
const TRUST_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Remembers verified tokens by their exact text until the sooner of their `exp` and a minute
 * from now. Services send the same token thousands of times; its signature need not be checked
 * each time. A changed byte is a different key, so nothing unverified is ever served.
 */
export function createTokenCache(): { get(token: string): Principal | undefined; set(token: string, principal: Principal, exp: number | undefined): void } {
  const entries = new Map<string, { principal: Principal; until: number }>();
  return {
    get(token) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (Date.now() < entry.until) return entry.principal;
      entries.delete(token);
      return undefined;
    },
    set(token, principal, exp) {
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(token, { principal, until: Math.min(Date.now() + TRUST_MS, exp === undefined ? Infinity : exp * 1000) });
    },
  };
}
