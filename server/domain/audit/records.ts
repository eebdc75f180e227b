import type { ChainName } from './chain.js';
import type { HashVersion } from './hash.js';

/**
 * The hashed fields of each chain, per hash version. Listed explicitly (never "whatever columns
 * the table has") so a migration that adds a column leaves every old link valid. A change to
 * these lists is a new hash version, never an edit of an existing one.
 */
const V1_VERDICT = [
  'id', 'tenant_id', 'evaluation_id', 'policy_version_id', 'stage', 'label', 'policy_category', 'rule_ids', 'confidence',
  'severity', 'recommended_action', 'rationale', 'reasoning', 'reasoning_sha256', 'effort', 'usage', 'latency_ms',
  'triage_score', 'evaluator', 'evaluator_identity', 'findings', 'reviewer', 'supersedes_id', 'created_at',
] as const;
const V1_AUDIT = ['id', 'tenant_id', 'actor', 'action', 'subject_type', 'subject_id', 'data', 'created_at'] as const;

// Version 2 hashes the chain of thought through its sha256, so an export without CoT text (for
// roles that may not read it) still verifies; the verifier checks the text against the digest.
const V2_VERDICT = V1_VERDICT.filter((field) => field !== 'reasoning');
const V2_AUDIT = V1_AUDIT;

export const HASHED_FIELDS: Record<ChainName, Record<HashVersion, readonly string[]>> = {
  verdicts: { 1: V1_VERDICT, 2: V2_VERDICT },
  audit_events: { 1: V1_AUDIT, 2: V2_AUDIT },
};

/** The fields of `row` that link `version` of `chain` hashes, as plain JSON values (dates as ISO text). */
export function hashedRecord(chain: ChainName, version: HashVersion, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(HASHED_FIELDS[chain][version].map((field) => [field, plain(row[field])]));
}

function plain(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  // RFC 8785 has no NaN or Infinity; PostgreSQL's double precision does.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
