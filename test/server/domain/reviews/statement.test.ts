import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDecisions, knownRuleIds, ruleText } from '../../../../server/domain/reviews/rules.js';
import { appealOutcome, statementOfReasons } from '../../../../server/domain/reviews/statement.js';
import { ValidationError } from '../../../../server/errors.js';

const version = {
  id: 'v1', version: 3, slug: 'pets',
  rules: [{ id: 'PT1.a', title: 'Selling animals', severity: 2, action: 'remove' }] as never,
  body: '## Criteria\n- **PT1.a** Offers a living animal for sale or trade.\n- **PT0.b** Selling pet food, toys or accessories.\n',
};

describe('statement of reasons', () => {
  it('quotes the cited rules from the version text and names the outcome and the change', () => {
    const contested = [{ policyVersionId: 'v1', verdictId: 'm', label: 'NON_VIOLATING' }];
    const decided = [{ policy_version_id: 'v1', label: 'VIOLATING' as const, rule_ids: ['PT1.a'], rationale: 'A kitten is sold.' }];
    const outcome = appealOutcome(contested, decided);
    expect(outcome).toBe('OVERTURNED');
    expect(statementOfReasons({ outcome, versions: [version], contested, decided, contestedRuleIds: new Map([['v1', ['PT0.b']]]) })).toBe([
      'Outcome: OVERTURNED. The appeal was reviewed by a person, who re-examined the content against the policy.',
      'Policy "pets" version 3: the content violates the policy (the decision appealed was NON_VIOLATING).',
      'Rules applied:',
      '  - PT1.a (Selling animals): "Offers a living animal for sale or trade."',
      'Rules cited before and found not to apply:',
      '  - PT0.b: "Selling pet food, toys or accessories."',
      "Reviewer's reasons: A kitten is sold.",
    ].join('\n'));
  });

  it('upholds when every contested label stands', () => {
    expect(appealOutcome([{ policyVersionId: 'v1', verdictId: 'm', label: 'VIOLATING' }], [{ policy_version_id: 'v1', label: 'VIOLATING' }])).toBe('UPHELD');
  });

  it('never throws on any policy text, rule ids or rationale', () => {
    fc.assert(fc.property(fc.string(), fc.array(fc.string()), fc.option(fc.string(), { nil: null }), (body, ids, rationale) => {
      const text = statementOfReasons({
        outcome: 'UPHELD', versions: [{ ...version, body }], contested: [],
        decided: [{ policy_version_id: 'v1', label: 'VIOLATING', rule_ids: ids, rationale }], contestedRuleIds: new Map(),
      });
      expect(text.startsWith('Outcome: UPHELD.')).toBe(true);
      for (const id of ids) expect(text).toContain(`  - ${id}`);
      expect(ruleText({ ...version, body }, ids[0] ?? 'X1')).toBeTypeOf('object');
    }));
  });
});

describe('checkDecisions', () => {
  it('knows the front-matter rules and the bold ids of the text', () => {
    expect([...knownRuleIds(version)].sort()).toEqual(['PT0.b', 'PT1.a']);
  });

  it('accepts one valid decision per version and reports every problem otherwise', () => {
    expect(() => checkDecisions([version], [{ policyVersionId: 'v1', label: 'VIOLATING', ruleIds: ['PT1.a'] }])).not.toThrow();
    const error = (() => {
      try {
        checkDecisions([version], [{ policyVersionId: 'other', label: 'NON_VIOLATING' }]);
      } catch (e) {
        return e;
      }
    })() as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.problems).toEqual([
      { path: 'decisions[0].policyVersionId', line: null, message: 'is not a policy version of this evaluation' },
      { path: 'decisions', line: null, message: 'pets v3 has no decision' },
    ]);
  });
});
