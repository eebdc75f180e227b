import { describe, expect, it } from 'vitest';
import { provisionalAction } from '../../../../server/domain/reviews/provisional.js';

const triage = (id: string, label: 'VIOLATING' | 'NON_VIOLATING' | 'UNCERTAIN') => ({ policy_version_id: id, stage: 'TRIAGE' as const, label });

describe('provisionalAction', () => {
  it('allows content that triage cleared on every policy', () => {
    expect(provisionalAction(['a', 'b'], [triage('a', 'NON_VIOLATING'), triage('b', 'NON_VIOLATING')])).toBe('allow');
  });

  it('holds content that any policy has not cleared yet', () => {
    expect(provisionalAction(['a', 'b'], [triage('a', 'NON_VIOLATING'), triage('b', 'UNCERTAIN')])).toBe('hold');
    expect(provisionalAction(['a', 'b'], [triage('a', 'NON_VIOLATING')])).toBe('hold');
    expect(provisionalAction(['a'], [triage('a', 'VIOLATING')])).toBe('hold');
    expect(provisionalAction(['a'], [{ policy_version_id: 'a', stage: 'REASONING', label: 'NON_VIOLATING' }])).toBe('hold');
    expect(provisionalAction([], [])).toBe('hold');
  });
});
