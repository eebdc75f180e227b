import type { Confidence, EvaluatorPolicy, Finding } from '../evaluator.js';
import type { ReasonerAnswer } from '../reasoner.js';
import { scanJson } from './json-scan.js';

/** Options of {@link parseAnswers}. */
export interface ParseAnswersOptions {
  /**
   * The generation did not finish (the stream ended without a finish reason, or the finish
   * reason was `length`): every answer is UNCERTAIN with `TRUNCATED_OUTPUT`, whatever parsed.
   */
  readonly truncated?: boolean;
}

const CONFIDENCES: readonly string[] = ['low', 'medium', 'high'];

/**
 * Parses a reasoner's final text into one answer per policy, in the policies' order.
 *
 * Accepts the guide's JSON object, a bare `0`/`1`, code fences and prose around the JSON and,
 * for several policies, one object keyed by policy slug (or id). Output that cannot be read gives
 * UNCERTAIN with `UNPARSEABLE_OUTPUT`; cut-off output gives UNCERTAIN with `TRUNCATED_OUTPUT`.
 * Fields of the wrong type are dropped with a `MALFORMED_FIELD` finding; the label stands.
 */
export function parseAnswers(
  output: string,
  policies: readonly EvaluatorPolicy[],
  options: ParseAnswersOptions = {},
): ReasonerAnswer[] {
  if (options.truncated) return policies.map((p) => uncertain(p, 'TRUNCATED_OUTPUT', 'the generation stopped before the answer was complete'));
  const scanned = scanJson(output);
  if (scanned.kind === 'cut') return policies.map((p) => uncertain(p, 'TRUNCATED_OUTPUT', 'the JSON answer is cut off'));
  if (scanned.kind === 'none') return policies.map((p) => uncertain(p, 'UNPARSEABLE_OUTPUT', 'no JSON answer or bare 0/1 in the output'));
  return policies.map((policy, index) => {
    const value = answerFor(scanned.value, policy, index, policies.length);
    if (value === undefined) return uncertain(policy, 'UNPARSEABLE_OUTPUT', `no answer for policy "${policy.slug}" in the output`);
    return interpret(value, policy);
  });
}

/** The part of the parsed output that answers `policy`. */
function answerFor(value: unknown, policy: EvaluatorPolicy, index: number, count: number): unknown {
  if (Array.isArray(value)) return value.length === count ? value[index] : undefined;
  if (isRecord(value)) {
    const keyed = value[policy.slug] ?? value[policy.id];
    if (keyed !== undefined) return keyed;
  }
  return count === 1 ? value : undefined;
}

function interpret(value: unknown, policy: EvaluatorPolicy): ReasonerAnswer {
  const violation = readViolation(isRecord(value) ? value.violation : value);
  if (violation === undefined) return uncertain(policy, 'UNPARSEABLE_OUTPUT', 'the answer has no "violation" of 0 or 1');
  const fields = isRecord(value) ? value : {};
  const findings: Finding[] = [];
  const malformed = (field: string, expected: string): void => {
    findings.push({ code: 'MALFORMED_FIELD', message: `"${field}" should be ${expected}; invalid values were dropped` });
  };
  return {
    policyId: policy.id,
    label: violation ? 'VIOLATING' : 'NON_VIOLATING',
    policyCategory: readString(fields, 'policy_category', malformed),
    ruleIds: readRuleIds(fields, malformed),
    confidence: readConfidence(fields, malformed),
    rationale: readString(fields, 'rationale', malformed),
    findings,
  };
}

function readViolation(raw: unknown): boolean | undefined {
  if (raw === 0 || raw === 1 || raw === '0' || raw === '1') return Number(raw) === 1;
  return typeof raw === 'boolean' ? raw : undefined;
}

type Malformed = (field: string, expected: string) => void;

function readString(fields: Record<string, unknown>, key: string, malformed: Malformed): string | null {
  const raw = fields[key];
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string') return raw.trim() === '' ? null : raw.trim();
  malformed(key, 'a string');
  return null;
}

function readRuleIds(fields: Record<string, unknown>, malformed: Malformed): string[] {
  const raw = fields.rule_ids;
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'string') return raw.trim() === '' ? [] : [raw.trim()];
  if (Array.isArray(raw) && raw.every((id) => typeof id === 'string')) return raw.map((id: string) => id.trim()).filter(Boolean);
  malformed('rule_ids', 'an array of strings');
  return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : [];
}

function readConfidence(fields: Record<string, unknown>, malformed: Malformed): Confidence | null {
  const raw = fields.confidence;
  if (raw === undefined || raw === null) return null;
  const normalised = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  if (typeof normalised === 'string' && CONFIDENCES.includes(normalised)) return normalised as Confidence;
  malformed('confidence', 'one of "low", "medium", "high"');
  return null;
}

function uncertain(policy: EvaluatorPolicy, code: string, message: string): ReasonerAnswer {
  return { policyId: policy.id, label: 'UNCERTAIN', policyCategory: null, ruleIds: [], confidence: null, rationale: null, findings: [{ code, message }] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
