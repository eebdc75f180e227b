import { describe, expect, it } from 'vitest';
import type { ReasonerAnswer } from '../../../sdk/index.js';
import { parseAnswers } from '../../../sdk/reasoning/index.js';
import { hate, spam } from './fixtures.js';

const violating: ReasonerAnswer = {
  policyId: spam.id,
  label: 'VIOLATING',
  policyCategory: 'SP2',
  ruleIds: ['SP2.a'],
  confidence: 'high',
  rationale: 'Cold promotion.',
  findings: [],
};
const JSON_ANSWER = '{"violation": 1, "policy_category": "SP2", "rule_ids": ["SP2.a"], "confidence": "high", "rationale": "Cold promotion."}';

function uncertain(policyId: string, code: string): ReasonerAnswer {
  return { policyId, label: 'UNCERTAIN', policyCategory: null, ruleIds: [], confidence: null, rationale: null, findings: [{ code, message: expect.any(String) as string }] };
}

function bare(policyId: string, label: 'VIOLATING' | 'NON_VIOLATING'): ReasonerAnswer {
  return { policyId, label, policyCategory: null, ruleIds: [], confidence: null, rationale: null, findings: [] };
}

describe('parseAnswers', () => {
  it('reads the guide JSON format', () => {
    expect(parseAnswers(JSON_ANSWER, [spam])).toEqual([violating]);
  });

  it.each([
    ['a code fence', `\`\`\`json\n${JSON_ANSWER}\n\`\`\``],
    ['prose around the JSON', `Here is my assessment:\n${JSON_ANSWER}\nLet me know if you need more.`],
    ['an object keyed by the policy slug', `{"spam": ${JSON_ANSWER}}`],
    ['a stray bracket before the JSON', `Per [SP2.a] the answer is ${JSON_ANSWER}`],
  ])('reads the JSON inside %s', (_, output) => {
    expect(parseAnswers(output, [spam])).toEqual([violating]);
  });

  it.each([
    ['1', 'VIOLATING'],
    ['0', 'NON_VIOLATING'],
    [' "1" ', 'VIOLATING'],
    ['```\n0\n```', 'NON_VIOLATING'],
    ['Answer: 1', 'VIOLATING'],
    ['{"violation": true}', 'VIOLATING'],
    ['{"violation": "0"}', 'NON_VIOLATING'],
  ] as const)('reads %j as %s', (output, label) => {
    expect(parseAnswers(output, [spam])).toEqual([bare(spam.id, label)]);
  });

  it('reads one object keyed by policy slug for several policies, in input order', () => {
    const output = `{"hate": {"violation": 0, "rule_ids": [], "confidence": "low", "rationale": "No slur."}, "spam": ${JSON_ANSWER}}`;
    expect(parseAnswers(output, [spam, hate])).toEqual([
      violating,
      { policyId: hate.id, label: 'NON_VIOLATING', policyCategory: null, ruleIds: [], confidence: 'low', rationale: 'No slur.', findings: [] },
    ]);
  });

  it('accepts bare labels as the values of a multi-policy object', () => {
    expect(parseAnswers('{"spam": 1, "hate": 0}', [spam, hate])).toEqual([bare(spam.id, 'VIOLATING'), bare(hate.id, 'NON_VIOLATING')]);
  });

  it('marks a policy missing from a multi-policy answer as unparseable, keeping the others', () => {
    expect(parseAnswers(`{"spam": ${JSON_ANSWER}}`, [spam, hate])).toEqual([violating, uncertain(hate.id, 'UNPARSEABLE_OUTPUT')]);
  });

  it('does not attribute a bare label to several policies', () => {
    expect(parseAnswers('1', [spam, hate])).toEqual([uncertain(spam.id, 'UNPARSEABLE_OUTPUT'), uncertain(hate.id, 'UNPARSEABLE_OUTPUT')]);
  });

  it.each([
    ['prose only', 'I think this is probably spam.'],
    ['an empty answer', ''],
    ['a violation that is not 0 or 1', '{"violation": "maybe", "rule_ids": []}'],
    ['JSON without a violation', '{"rule_ids": ["SP2.a"]}'],
    ['a number other than 0/1', '2'],
  ])('gives UNCERTAIN with UNPARSEABLE_OUTPUT for %s', (_, output) => {
    expect(parseAnswers(output, [spam])).toEqual([uncertain(spam.id, 'UNPARSEABLE_OUTPUT')]);
  });

  it('gives UNCERTAIN with TRUNCATED_OUTPUT for cut JSON', () => {
    expect(parseAnswers('{"violation": 1, "rule_ids": ["SP2.a"], "rationale": "Cold prom', [spam])).toEqual([uncertain(spam.id, 'TRUNCATED_OUTPUT')]);
    expect(parseAnswers(`{"spam": ${JSON_ANSWER}, "hate": {"viol`, [spam, hate])).toEqual([
      uncertain(spam.id, 'TRUNCATED_OUTPUT'),
      uncertain(hate.id, 'TRUNCATED_OUTPUT'),
    ]);
  });

  it('gives UNCERTAIN with TRUNCATED_OUTPUT when told the generation did not finish, even if the JSON parses', () => {
    expect(parseAnswers(JSON_ANSWER, [spam], { truncated: true })).toEqual([uncertain(spam.id, 'TRUNCATED_OUTPUT')]);
  });

  it('drops fields of the wrong type with MALFORMED_FIELD findings and keeps the label', () => {
    const output = '{"violation": 1, "policy_category": 2, "rule_ids": ["SP2.a", 7], "confidence": "very high", "rationale": ["x"]}';
    expect(parseAnswers(output, [spam])).toEqual([
      {
        policyId: spam.id,
        label: 'VIOLATING',
        policyCategory: null,
        ruleIds: ['SP2.a'],
        confidence: null,
        rationale: null,
        findings: [
          { code: 'MALFORMED_FIELD', message: '"policy_category" should be a string; invalid values were dropped' },
          { code: 'MALFORMED_FIELD', message: '"rule_ids" should be an array of strings; invalid values were dropped' },
          { code: 'MALFORMED_FIELD', message: '"confidence" should be one of "low", "medium", "high"; invalid values were dropped' },
          { code: 'MALFORMED_FIELD', message: '"rationale" should be a string; invalid values were dropped' },
        ],
      },
    ]);
  });

  it('normalises confidence case and a single rule id given as a string', () => {
    const [answer] = parseAnswers('{"violation": 1, "rule_ids": "SP2.a", "confidence": "Medium"}', [spam]);
    expect(answer).toMatchObject({ ruleIds: ['SP2.a'], confidence: 'medium', findings: [] });
  });
});
