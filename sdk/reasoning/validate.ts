import type { EvaluatorPolicy, Finding } from '../evaluator.js';
import type { ReasonerAnswer } from '../reasoner.js';
import { readClaims } from './claims.js';

/** Arguments of {@link validateAnswer}. */
export interface ValidateAnswerInput {
  readonly answer: ReasonerAnswer;
  readonly policy: EvaluatorPolicy;
  /**
   * The chain of thought, when it concerns this policy alone. Leave it out for multi-policy
   * calls: their reasoning discusses every policy, so its conclusion is not this answer's.
   */
  readonly reasoning?: string;
}

const CONCLUSION_CHARS = 2_000;
// Categories a model writes when nothing is violated; they name no rule.
const NO_CATEGORY = new Set(['', 'none', 'n/a', 'na', 'null', 'no violation', 'not applicable']);

/**
 * Checks a parsed answer against its pinned policy version and its own reasoning:
 * `HALLUCINATED_RULE_ID` for a cited rule id that the policy's rules lack (or, when the policy
 * lists no rule metadata, that its text never names) and for a `policy_category` that is neither
 * a rule-id prefix, the policy's slug, nor named in its text; `INCONSISTENT_REASONING` when the
 * rationale only argues the other way from the label, or when the chain of thought's last stated
 * conclusion contradicts it. UNCERTAIN answers are checked for citations only.
 */
export function validateAnswer(input: ValidateAnswerInput): Finding[] {
  return [...citationFindings(input.answer, input.policy), ...consistencyFindings(input)];
}

function citationFindings(answer: ReasonerAnswer, policy: EvaluatorPolicy): Finding[] {
  const ruleIds = policy.rules.map((rule) => rule.id.toLowerCase());
  const known = (id: string): boolean =>
    ruleIds.length > 0 ? ruleIds.includes(id.toLowerCase()) : mentions(policy.text, id);
  const findings: Finding[] = answer.ruleIds
    .filter((id) => !known(id))
    .map((id) => ({ code: 'HALLUCINATED_RULE_ID', message: `rule "${short(id)}" is not a rule of policy "${policy.slug}" v${policy.version}` }));
  const category = answer.policyCategory?.trim() ?? '';
  if (!NO_CATEGORY.has(category.toLowerCase()) && !knownCategory(category, policy, ruleIds)) {
    findings.push({ code: 'HALLUCINATED_RULE_ID', message: `policy_category "${short(category)}" matches no rule of policy "${policy.slug}" v${policy.version}` });
  }
  return findings;
}

// Findings are read by roles that may not see chain of thought: quote a model's id, never a paragraph.
// By code points: cutting between the halves of a surrogate pair would leave text PostgreSQL cannot store.
const head = (text: string, max: number): string => Array.from(text).slice(0, max).join('');
const short = (text: string): string => (Array.from(text).length > 40 ? `${head(text, 40)}…` : text);

function knownCategory(category: string, policy: EvaluatorPolicy, ruleIds: readonly string[]): boolean {
  const lower = category.toLowerCase();
  return lower === policy.slug.toLowerCase() || ruleIds.some((id) => id.startsWith(lower)) || mentions(policy.text, category, true);
}

/**
 * Whether `text` names `term` as a whole id (case-insensitive): `SP2.a` but not `SP2` inside
 * `SP2.a`, unless `asPrefix` (a category names the start of rule ids).
 */
function mentions(text: string, term: string, asPrefix = false): boolean {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.])${escaped}${asPrefix ? '' : '(?![\\w]|\\.\\w)'}`, 'i').test(text);
}

function consistencyFindings({ answer, reasoning }: ValidateAnswerInput): Finding[] {
  if (answer.label === 'UNCERTAIN') return [];
  const violating = answer.label === 'VIOLATING';
  const findings: Finding[] = [];
  const stated = readClaims(answer.rationale ?? '');
  if (stated.length > 0 && stated.every((claim) => claim.violating !== violating)) {
    findings.push(inconsistent('rationale', stated[0]!.sentence, answer.label));
  }
  // the conclusion is at the end; reading only the tail keeps long chains of thought cheap
  const concluded = readClaims((reasoning ?? '').slice(-CONCLUSION_CHARS)).at(-1);
  if (concluded && concluded.violating !== violating) {
    findings.push(inconsistent('reasoning', concluded.sentence, answer.label));
  }
  return findings;
}

function inconsistent(where: 'rationale' | 'reasoning', sentence: string, label: string): Finding {
  // Chain of thought is never quoted: findings are readable by roles that may not see it.
  if (where === 'reasoning') return { code: 'INCONSISTENT_REASONING', message: `the chain of thought concludes the opposite of ${label}` };
  return { code: 'INCONSISTENT_REASONING', message: `the rationale argues the opposite of ${label}: "${head(sentence, 200)}"` };
}
