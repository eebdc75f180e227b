import type { PolicyVersionRow } from '../../db/schema.js';

/**
 * How long a resolved policy reference is reused. `evaluate` resolves "spam" or "spam@3" on every
 * call; this saves that query on the hot path. A publish or retire in this process forgets the
 * policy at once; another process sees it within this bound (the evaluation still records exactly
 * which version it used).
 */
export const REF_CACHE_MS = 1_000;
const MAX_ENTRIES = 10_000;

const entries = new Map<string, { version: PolicyVersionRow; until: number }>();
const key = (tenantId: string, ref: string) => `${tenantId}\u0000${ref}`;

export function cachedRef(tenantId: string, ref: string): PolicyVersionRow | undefined {
  const entry = entries.get(key(tenantId, ref));
  if (entry && Date.now() < entry.until) return entry.version;
  if (entry) entries.delete(key(tenantId, ref));
  return undefined;
}

export function rememberRef(tenantId: string, ref: string, version: PolicyVersionRow): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key(tenantId, ref), { version, until: Date.now() + REF_CACHE_MS });
}

/** Forgets every cached reference to a policy ("slug" and "slug@N") after its versions changed. */
export function forgetPolicy(tenantId: string, slug: string): void {
  const prefix = key(tenantId, slug);
  for (const cached of entries.keys()) if (cached === prefix || cached.startsWith(`${prefix}@`)) entries.delete(cached);
}
