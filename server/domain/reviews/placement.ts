import type { PolicyVersionRow, StoredRule, VerdictRow } from '../../db/schema.js';

export const DEFAULT_QUEUE = 'default';
export const APPEALS_QUEUE = 'appeals';
export const DEFAULT_SLA_MINUTES = 240;

/** A version's review settings from its front matter (`review.queue`, `review.sla_minutes`). */
export function reviewSettings(version: Pick<PolicyVersionRow, 'review'>): { queue: string; slaMinutes: number } {
  const review = (version.review ?? {}) as unknown as { queue?: string; slaMinutes?: number };
  return { queue: review.queue ?? DEFAULT_QUEUE, slaMinutes: review.slaMinutes ?? DEFAULT_SLA_MINUTES };
}

/** Where a review item goes and how urgent it is. */
export interface Placement {
  readonly queue: string;
  /** The highest severity of any rule a verdict cites; null when none cites one. */
  readonly severity: number | null;
  readonly priority: number;
  readonly dueAt: Date;
}

/**
 * Places an item from the evaluation's versions and verdicts: the queue of the version with the
 * most at stake (the first version when nothing is cited), the tightest SLA of all of them, and a
 * priority equal to the highest cited severity (age breaks ties in the queue order).
 */
export function placeReviewItem(args: {
  readonly versions: readonly Pick<PolicyVersionRow, 'id' | 'review' | 'rules'>[];
  readonly verdicts: readonly Pick<VerdictRow, 'policy_version_id' | 'rule_ids' | 'severity'>[];
  readonly queue?: string;
  readonly now: Date;
}): Placement {
  let worst: { severity: number; versionId: string } | null = null;
  for (const verdict of args.verdicts) {
    const severity = citedSeverity(args.versions.find((v) => v.id === verdict.policy_version_id), verdict);
    if (severity !== null && (!worst || severity > worst.severity)) worst = { severity, versionId: verdict.policy_version_id };
  }
  const settings = args.versions.map(reviewSettings);
  const home = args.versions.findIndex((v) => v.id === worst?.versionId);
  const queue = args.queue ?? settings[Math.max(home, 0)]?.queue ?? DEFAULT_QUEUE;
  const sla = Math.min(...settings.map((s) => s.slaMinutes), settings.length > 0 ? Infinity : DEFAULT_SLA_MINUTES);
  return { queue, severity: worst?.severity ?? null, priority: worst?.severity ?? 0, dueAt: new Date(args.now.getTime() + sla * 60_000) };
}

function citedSeverity(version: Pick<PolicyVersionRow, 'rules'> | undefined, verdict: Pick<VerdictRow, 'rule_ids' | 'severity'>): number | null {
  const rules = (version?.rules ?? []) as unknown as StoredRule[];
  const cited = rules.filter((r) => verdict.rule_ids.includes(r.id)).map((r) => r.severity);
  if (verdict.severity !== null) cited.push(verdict.severity);
  return cited.length > 0 ? Math.max(...cited) : null;
}
