import type { EvaluatorPolicy } from '../../../sdk/index.js';

/** A small spam policy in the guide's shape, rule ids as front matter would list them. */
export const spam: EvaluatorPolicy = {
  id: 'pv-spam-3',
  slug: 'spam',
  version: 3,
  text: [
    '# Spam',
    '## Criteria',
    '- **SP0.a** A useful question or request is allowed.',
    '- **SP2.a** Cold promotion violates the policy.',
    '- **SP3.a** Repetitive posting violates the policy.',
  ].join('\n'),
  rules: [
    { id: 'SP0.a', title: 'Useful request', severity: 0, action: 'none' },
    { id: 'SP2.a', title: 'Cold promotion', severity: 2, action: 'limit_reach' },
    { id: 'SP3.a', title: 'Repetitive posting', severity: 3, action: 'remove' },
  ],
  triage: { match: [], onMatch: 'escalate' },
};

export const hate: EvaluatorPolicy = {
  id: 'pv-hate-1',
  slug: 'hate',
  version: 1,
  text: '# Hate\n- **HS1.a** Slurs against a protected group violate the policy.',
  rules: [{ id: 'HS1.a', title: 'Slurs', severity: 4, action: 'remove' }],
  triage: { match: [], onMatch: 'escalate' },
};
