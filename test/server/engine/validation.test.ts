import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReasonerAnswer } from '../../../sdk/index.js';
import { validateReasonerResult } from '../../../server/engine/validation.js';
import { isStorable } from '../../../server/engine/text.js';
import { hate, spam } from '../../sdk/reasoning/fixtures.js';

const answer = (over: Partial<ReasonerAnswer> = {}, policyId = spam.id): ReasonerAnswer => ({
  policyId, label: 'VIOLATING', policyCategory: 'SP2', ruleIds: ['SP2.a'], confidence: 'high', rationale: 'Cold promotion to strangers.', findings: [], ...over,
});
const validate = (answers: ReasonerAnswer[], reasoning = '', policies = [spam]) => validateReasonerResult({ answers, reasoning, output: '' }, policies);
const codes = (a: ReasonerAnswer, reasoning = '') => validate([a], reasoning).answers[0]!.findings.map((f) => f.code);

describe('the engine validator (validateReasonerResult)', () => {
  it('accepts a consistent, cited answer with no finding', () => {
    expect(validate([answer()]).answers[0]).toEqual({ answer: answer(), findings: [] });
  });

  it('flags VIOLATING with no rule id as MISSING_RULE_ID', () => {
    expect(codes(answer({ ruleIds: [], policyCategory: null }))).toEqual(['MISSING_RULE_ID']);
  });

  it('flags VIOLATING citing only a non-violating rule, and NON_VIOLATING citing a violating one, as LABEL_RULE_MISMATCH', () => {
    expect(codes(answer({ ruleIds: ['SP0.a'], policyCategory: 'SP0' }))).toEqual(['LABEL_RULE_MISMATCH']);
    expect(codes(answer({ label: 'NON_VIOLATING', ruleIds: ['SP3.a'], policyCategory: 'SP3', rationale: 'Fine.' }))).toEqual(['LABEL_RULE_MISMATCH']);
    expect(codes(answer({ label: 'NON_VIOLATING', ruleIds: ['SP0.a'], policyCategory: 'SP0', rationale: 'A useful question.' }))).toEqual([]);
  });

  it('flags a hedged rationale', () => {
    expect(codes(answer({ rationale: 'It might be cold promotion, hard to say.' }))).toEqual(['HEDGED_RATIONALE']);
  });

  it('checks each policy of a combined call against its own answer, not the whole chain of thought', () => {
    const reasoning = 'Spam: it sells a course, it violates SP2.a. Hate: no slur at all, so it does not violate the hate policy.';
    const result = validate([answer(), answer({ label: 'NON_VIOLATING', ruleIds: [], policyCategory: null, rationale: 'No slur.' }, hate.id)], reasoning, [spam, hate]);
    expect(result.answers.map((a) => a.findings)).toEqual([[], []]);
  });

  it("checks a single-policy answer against its chain of thought's conclusion, without quoting it", () => {
    const findings = validate([answer()], 'Looked closely. It is not a violation.').answers[0]!.findings;
    expect(findings).toEqual([{ code: 'INCONSISTENT_REASONING', message: 'the chain of thought concludes the opposite of VIOLATING' }]);
  });

  it('records each finding once, parser findings included', () => {
    const parsed = answer({ ruleIds: ['SP9.z'], policyCategory: 'SP9', findings: [{ code: 'MALFORMED_FIELD', message: 'x' }, { code: 'MALFORMED_FIELD', message: 'x' }] });
    expect(codes(parsed)).toEqual(['MALFORMED_FIELD', 'HALLUCINATED_RULE_ID', 'HALLUCINATED_RULE_ID']);
  });

  it('removes NUL and lone surrogates before validating, with SANITIZED_OUTPUT', () => {
    const result = validateReasonerResult({ answers: [answer({ rationale: 'Cold\u0000 promotion \ud800to strangers.' })], reasoning: 'It violates SP2.a.\udc00', output: '' }, [spam]);
    expect(result.reasoning).toBe('It violates SP2.a.');
    expect(result.answers[0]).toEqual({ answer: answer({ rationale: 'Cold promotion to strangers.' }), findings: [expect.objectContaining({ code: 'SANITIZED_OUTPUT' })] });
  });

  it('never cuts a cited id between the halves of a surrogate pair when it quotes it', () => {
    const id = `${'x'.repeat(39)}\u{1F7FF}tail`;
    const result = validateReasonerResult({ answers: [answer({ label: 'VIOLATING', ruleIds: [id] })], reasoning: '', output: '' }, [spam]);
    const messages = result.answers[0]!.findings.map((f) => f.message);
    expect(messages.some((m) => m.includes(`${'x'.repeat(39)}\u{1F7FF}…`))).toBe(true);
    expect(messages.every(isStorable)).toBe(true);
  });

  it('returns only storable text, whatever the model wrote', () => {
    const text = fc.array(fc.oneof(fc.string(), fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d\ude00', '\ud83d')), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(fc.property(text, text, fc.array(text, { maxLength: 3 }), text, (rationale, reasoning, ruleIds, category) => {
      const result = validateReasonerResult({ answers: [answer({ rationale, ruleIds, policyCategory: category })], reasoning, output: reasoning }, [spam]);
      const stored = [result.reasoning, ...result.answers.flatMap((a) => [a.answer.rationale ?? '', a.answer.policyCategory ?? '', ...a.answer.ruleIds, ...a.findings.map((f) => f.message)])];
      expect(stored.every(isStorable)).toBe(true);
      expect(result.answers[0]!.findings.some((f) => f.code === 'SANITIZED_OUTPUT')).toBe(![rationale, reasoning, category, ...ruleIds].every(isStorable));
    }), { numRuns: 300 });
  });
});
