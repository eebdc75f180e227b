import type { VerdictRow } from '../../db/schema.js';

/** What a product may do with content while its evaluation is still running (DESIGN §5 Provisional action). */
export type ProvisionalAction = 'allow' | 'hold';

/**
 * `allow` when triage cleared every policy (a NON_VIOLATING TRIAGE verdict for each pinned version),
 * `hold` otherwise: until then nothing says the content is safe to show.
 */
export function provisionalAction(policyVersionIds: readonly string[], verdicts: readonly Pick<VerdictRow, 'policy_version_id' | 'stage' | 'label'>[]): ProvisionalAction {
  const cleared = (id: string) => verdicts.some((v) => v.policy_version_id === id && v.stage === 'TRIAGE' && v.label === 'NON_VIOLATING');
  return policyVersionIds.length > 0 && policyVersionIds.every(cleared) ? 'allow' : 'hold';
}
