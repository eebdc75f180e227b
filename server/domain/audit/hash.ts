import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The hash a chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** The link scheme new links are written with (see {@link linkHash}). */
export const CURRENT_HASH_VERSION = 2;
export const HASH_VERSIONS = [1, 2] as const;
export type HashVersion = (typeof HASH_VERSIONS)[number];

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

/** Hash scheme 1 (links written before issue 9): sha256 over the previous hash and the row's canonical JSON. */
export const chainHash = (prevHash: string, fields: Record<string, unknown>): string =>
  sha256Hex(`${prevHash}\n${canonicalJson(fields)}`);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Replaces lone UTF-16 surrogates with U+FFFD at every depth (Dates kept). PostgreSQL stores
 * UTF-8, so that is what a lone surrogate reads back as; hashing and storing the same
 * well-formed value keeps the link recomputable (and RFC 8785 refuses lone surrogates).
 */
export function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value && typeof value === 'object' && !(value instanceof Date) && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormed(v)])) as T;
  }
  return value;
}

/** A link's position and content, as hashed by scheme 2. */
export interface LinkMaterial {
  readonly chain: string;
  readonly seq: number;
  readonly prevHash: string;
  /** The explicit, versioned fields of the row (see records.ts), as plain JSON values. */
  readonly record: Record<string, unknown>;
}

/**
 * The hash of one link. Scheme 2: sha256 (hex) of the RFC 8785 canonical JSON of
 * `{ chain, hashVersion: 2, prevHash, record, seq }`, so position and chain are bound too.
 * Scheme 1: {@link chainHash} over the record alone.
 */
export function linkHash(version: HashVersion, link: LinkMaterial): string {
  if (version === 1) return chainHash(link.prevHash, link.record);
  const text = canonicalize({ chain: link.chain, hashVersion: 2, prevHash: link.prevHash, record: link.record, seq: link.seq });
  return sha256Hex(text!);
}
