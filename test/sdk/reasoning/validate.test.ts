import { describe, expect, it } from 'vitest';
import type { ReasonerAnswer } from '../../../sdk/index.js';
import { readClaims, validateAnswer } from '../../../sdk/reasoning/index.js';
import { spam } from './fixtures.js';

function answer(overrides: Partial<ReasonerAnswer>): ReasonerAnswer {
  return { policyId: spam.id, label: 'VIOLATING', policyCategory: 'SP2', ruleIds: ['SP2.a'], confidence: 'high', rationale: null, findings: [], ...overrides };
}

const codes = (a: ReasonerAnswer, reasoning?: string): string[] => validateAnswer({ answer: a, policy: spam, reasoning }).map((f) => f.code);

describe('validateAnswer: citations', () => {
  it('accepts rule ids and categories the policy has', () => {
    expect(validateAnswer({ answer: answer({}), policy: spam })).toEqual([]);
    expect(codes(answer({ ruleIds: ['sp2.a', 'SP3.a'], policyCategory: 'SP3' }))).toEqual([]);
  });

  it('flags a cited rule id the pinned version lacks', () => {
    expect(validateAnswer({ answer: answer({ ruleIds: ['SP2.a', 'SP9.z'] }), policy: spam })).toEqual([
      { code: 'HALLUCINATED_RULE_ID', message: 'rule "SP9.z" is not a rule of policy "spam" v3' },
    ]);
  });

  it('flags a policy_category that is no rule-id prefix and is not named in the policy', () => {
    expect(validateAnswer({ answer: answer({ policyCategory: 'HS7' }), policy: spam })).toEqual([
      { code: 'HALLUCINATED_RULE_ID', message: 'policy_category "HS7" matches no rule of policy "spam" v3' },
    ]);
  });

  it.each(['spam', 'Spam', 'SP0', 'none', 'N/A', ''])('accepts the category %j', (policyCategory) => {
    expect(codes(answer({ label: 'NON_VIOLATING', ruleIds: [], policyCategory }))).toEqual([]);
  });

  it('checks ids against the policy text when the version lists no rule metadata', () => {
    const bare = { ...spam, rules: [] };
    expect(validateAnswer({ answer: answer({ ruleIds: ['SP3.a'] }), policy: bare })).toEqual([]);
    expect(validateAnswer({ answer: answer({ ruleIds: ['SP3'] }), policy: bare }).map((f) => f.code)).toEqual(['HALLUCINATED_RULE_ID']);
  });
});

describe('validateAnswer: consistency', () => {
  it.each([
    'The message does not violate SP2.a.',
    'No violation: it is a support question.',
    'This is allowed under SP0.a.',
    'It does not appear to violate the policy.',
    'The content is non-violating.',
    'It violates no rule of the policy.',
  ])('flags VIOLATING with the rationale %j', (rationale) => {
    expect(codes(answer({ rationale }))).toEqual(['INCONSISTENT_REASONING']);
  });

  it.each([
    'It violates SP2.a: cold promotion.',
    'Promotional posts like this are not allowed.',
    'This is a clear violation of SP2.a.',
    "It isn't permitted to advertise to strangers.",
  ])('flags NON_VIOLATING with the rationale %j', (rationale) => {
    expect(codes(answer({ label: 'NON_VIOLATING', ruleIds: [], policyCategory: null, rationale }))).toEqual(['INCONSISTENT_REASONING']);
  });

  it.each([
    ['VIOLATING', 'It violates SP2.a; this is not allowed.'],
    ['VIOLATING', 'Not only does it violate SP2.a, it repeats itself.'],
    ['VIOLATING', 'It does not violate SP0.a but violates SP2.a.'],
    ['VIOLATING', 'Cold promotion to strangers.'],
    ['NON_VIOLATING', 'It would violate SP2.a if it contained a link.'],
    ['NON_VIOLATING', 'It is not spam because it violates nothing.'],
    ['NON_VIOLATING', 'A useful question; it is allowed and does not violate SP2.a.'],
    ['NON_VIOLATING', 'Does it violate SP2.a? No, it is a question.'],
    ['NON_VIOLATING', 'Posts that violate SP2.a promote to strangers; this one asks for help.'],
  ] as const)('accepts %s with the rationale %j', (label, rationale) => {
    expect(codes(answer({ label, rationale }))).toEqual([]);
  });

  it('flags a chain of thought whose conclusion contradicts the label', () => {
    const reasoning = 'Could this be cold promotion? It mentions a course. But no link, no offer. So it is not a violation. Output 0.';
    expect(validateAnswer({ answer: answer({ rationale: 'Cold promotion.' }), policy: spam, reasoning })).toEqual([
      { code: 'INCONSISTENT_REASONING', message: 'the chain of thought concludes the opposite of VIOLATING' },
    ]);
  });

  it('reads the last conclusion of a chain of thought that weighs both sides', () => {
    const reasoning = 'At first glance it does not violate anything. Yet it links a shop to strangers: it violates SP2.a. Answer: 1.';
    expect(codes(answer({ rationale: 'Cold promotion.' }), reasoning)).toEqual([]);
  });

  it('checks nothing but citations on an UNCERTAIN answer', () => {
    expect(codes(answer({ label: 'UNCERTAIN', rationale: 'It does not violate.' }), 'It violates SP2.a.')).toEqual([]);
  });
});

describe('readClaims', () => {
  it('reads explicit label statements and lexical claims in order', () => {
    expect(readClaims('It is allowed. It violates SP2.a. So the answer is 1.').map((c) => c.violating)).toEqual([false, true, true]);
  });

  it('ignores questions and hedged sentences', () => {
    expect(readClaims('Does it violate SP2.a? It might violate SP3.a. If it had links it would be prohibited.')).toEqual([]);
  });
});
