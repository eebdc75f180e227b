import type { Scope } from '../scope.js';
import { reclaimExpired } from './claims.js';
import type { ReviewDeps } from './deps.js';
import { type ReviewedVerdict, reviewCounts, reviewedVerdicts } from './stats-repository.js';

/** DESIGN §7 `ReviewStats`. */
export interface ReviewStats {
  readonly open: number;
  readonly claimed: number;
  readonly overdue: number;
  readonly decided: number;
  readonly overturned: number;
  readonly overturnRate: number | null;
  readonly medianMinutesToDecision: number | null;
  readonly perRule: readonly { readonly ruleId: string; readonly decided: number; readonly overturned: number }[];
}

const overturns = (v: ReviewedVerdict): boolean => v.machine_label !== null && v.machine_label !== v.label;

/**
 * Figures for queue managers: the queue now (open, claimed, overdue) and the items decided in
 * [from, to): how many, how many overturned a machine verdict, the median minutes from opening to
 * decision, and per rule (cited by the machine or the reviewer) how often it was decided and overturned.
 */
export async function reviewStats(
  scope: Scope,
  deps: Pick<ReviewDeps, 'bus'>,
  args: { policySlug?: string | null; from?: Date | null; to?: Date | null },
): Promise<ReviewStats> {
  await reclaimExpired(scope, deps);
  const window = { tenantId: scope.tenantId, policySlug: args.policySlug ?? null, from: args.from ?? null, to: args.to ?? null, now: new Date() };
  const counts = await reviewCounts(scope.db, window);
  const verdicts = await reviewedVerdicts(scope.db, window);
  const overturnedItems = new Set(verdicts.filter(overturns).map((v) => v.item_id));
  const perRule = new Map<string, { decided: number; overturned: number }>();
  for (const verdict of verdicts) {
    for (const ruleId of new Set([...(verdict.machine_rule_ids ?? []), ...verdict.rule_ids])) {
      const entry = perRule.get(ruleId) ?? { decided: 0, overturned: 0 };
      entry.decided += 1;
      if (overturns(verdict)) entry.overturned += 1;
      perRule.set(ruleId, entry);
    }
  }
  return {
    open: counts.open, claimed: counts.claimed, overdue: counts.overdue, decided: counts.decided, overturned: overturnedItems.size,
    overturnRate: counts.decided > 0 ? overturnedItems.size / counts.decided : null,
    medianMinutesToDecision: counts.median,
    perRule: [...perRule].map(([ruleId, e]) => ({ ruleId, ...e })).sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
  };
}
