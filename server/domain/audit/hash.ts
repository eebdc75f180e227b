import { createHash } from 'node:crypto';

/** The hash a chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so jsonb's reordering never changes a hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, normalise((value as Record<string, unknown>)[k])]));
  }
  return value ?? null;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A link of a hash chain: sha256 over the previous hash and the row's canonical JSON. */
export const chainHash = (prevHash: string, fields: Record<string, unknown>): string =>
  sha256Hex(`${prevHash}\n${canonicalJson(fields)}`);
