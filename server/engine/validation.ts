import type { EvaluatorPolicy, Finding, ReasonerAnswer, ReasonerResult } from '../../sdk/index.js';
import { validateAnswer } from '../../sdk/reasoning/index.js';
import { isStorable, storable } from './text.js';

/** One policy's answer after the engine's normalisation and validation. */
export interface ValidatedAnswer {
  readonly answer: ReasonerAnswer;
  /** Parser findings, then the engine's: each code and message once. */
  readonly findings: readonly Finding[];
}

/** A reasoner call's result as the engine stores it: text normalised, one validated answer per policy. */
export interface ValidatedResult {
  readonly reasoning: string;
  readonly answers: readonly ValidatedAnswer[];
}

// Rules whose citation says the content is fine.
const isAllowRule = (rule: { severity: number; action: string }): boolean => rule.severity <= 0 || rule.action === 'allow';
// A rationale that only considers a possibility has not decided anything.
const HEDGED = /\b(?:might|possibly|perhaps|maybe|unclear|not sure|unsure|hard to say|borderline|arguably|can't tell|cannot tell)\b/i;
const SANITIZED: Finding = { code: 'SANITIZED_OUTPUT', message: 'the model output held NUL or invalid UTF-16, which was removed' };

/**
 * THE validator of reasoner answers (DESIGN §4: plugins parse, the engine validates, once).
 * Normalises the text first (finding `SANITIZED_OUTPUT`), then checks each policy's answer on
 * its own: cited ids exist (`HALLUCINATED_RULE_ID`), the label agrees with the rationale and —
 * only when the call concerned this policy alone — with the chain of thought
 * (`INCONSISTENT_REASONING`), with the kind of rule cited (`LABEL_RULE_MISMATCH`), a VIOLATING
 * answer cites a rule (`MISSING_RULE_ID`), and the rationale does not hedge (`HEDGED_RATIONALE`).
 * Benchmark runs and appeals call this too, so every answer is judged the same way.
 */
export function validateReasonerResult(result: Pick<ReasonerResult, 'answers' | 'reasoning' | 'output'>, policies: readonly EvaluatorPolicy[]): ValidatedResult {
  const reasoning = storable(result.reasoning);
  const dirtyCall = !isStorable(result.reasoning) || !isStorable(result.output);
  const answers = policies.map((policy) => {
    const raw = result.answers.find((a) => a.policyId === policy.id) ?? missingAnswer(policy.id);
    const { answer, dirty } = cleanAnswer(raw);
    const findings = [
      ...answer.findings,
      ...(dirty || dirtyCall ? [SANITIZED] : []),
      ...validateAnswer({ answer, policy, reasoning: policies.length === 1 ? reasoning : undefined }),
      ...labelFindings(answer, policy),
    ];
    return { answer, findings: unique(findings) };
  });
  return { reasoning, answers };
}

function labelFindings(answer: ReasonerAnswer, policy: EvaluatorPolicy): Finding[] {
  const cited = policy.rules.filter((rule) => answer.ruleIds.some((id) => id.toLowerCase() === rule.id.toLowerCase()));
  const findings: Finding[] = [];
  if (answer.label === 'VIOLATING' && answer.ruleIds.length === 0) {
    findings.push({ code: 'MISSING_RULE_ID', message: `VIOLATING without a rule id of policy "${policy.slug}"` });
  }
  if (answer.label === 'VIOLATING' && cited.length > 0 && cited.every(isAllowRule)) {
    findings.push({ code: 'LABEL_RULE_MISMATCH', message: `VIOLATING cites only non-violating rules (${cited.map((r) => r.id).join(', ')})` });
  }
  const violating = cited.filter((rule) => !isAllowRule(rule));
  if (answer.label === 'NON_VIOLATING' && violating.length > 0) {
    findings.push({ code: 'LABEL_RULE_MISMATCH', message: `NON_VIOLATING cites violating rules (${violating.map((r) => r.id).join(', ')})` });
  }
  if (answer.label !== 'UNCERTAIN' && answer.rationale && HEDGED.test(answer.rationale)) {
    findings.push({ code: 'HEDGED_RATIONALE', message: `the rationale hedges instead of deciding ${answer.label}` });
  }
  return findings;
}

function cleanAnswer(answer: ReasonerAnswer): { answer: ReasonerAnswer; dirty: boolean } {
  const texts = [answer.rationale ?? '', answer.policyCategory ?? '', ...answer.ruleIds, ...answer.findings.map((f) => f.message)];
  const dirty = texts.some((text) => !isStorable(text));
  if (!dirty) return { answer, dirty };
  const clean = (text: string | null): string | null => (text === null ? null : storable(text));
  return {
    dirty,
    answer: {
      ...answer,
      rationale: clean(answer.rationale),
      policyCategory: clean(answer.policyCategory),
      ruleIds: answer.ruleIds.map(storable).filter(Boolean),
      findings: answer.findings.map((f) => ({ code: storable(f.code), message: storable(f.message) })),
    },
  };
}

function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\u0001${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function missingAnswer(policyId: string): ReasonerAnswer {
  return {
    policyId, label: 'UNCERTAIN', policyCategory: null, ruleIds: [], confidence: null, rationale: null,
    findings: [{ code: 'UNPARSEABLE_OUTPUT', message: 'the reasoner returned no answer for this policy' }],
  };
}
