import { describe, expect, it } from 'vitest';
import { placeReviewItem, reviewSettings } from '../../../../server/domain/reviews/placement.js';

const now = new Date('2026-12-01T10:00:00Z');
const rules = (severities: Record<string, number>) => Object.entries(severities).map(([id, severity]) => ({ id, title: id, severity, action: 'remove' })) as never;
const version = (id: string, review: object, severities: Record<string, number>) => ({ id, review: review as never, rules: rules(severities) });

describe('placeReviewItem', () => {
  it('takes the priority from the highest cited severity, and the queue of that policy', () => {
    const versions = [version('a', { minSeverity: 4 }, { 'A1.a': 2 }), version('b', { minSeverity: 4, queue: 'child-safety', slaMinutes: 30 }, { 'B1.a': 5 })];
    const verdicts = [{ policy_version_id: 'a', rule_ids: ['A1.a'], severity: null }, { policy_version_id: 'b', rule_ids: ['B1.a'], severity: null }];
    expect(placeReviewItem({ versions, verdicts, now })).toEqual({ queue: 'child-safety', severity: 5, priority: 5, dueAt: new Date('2026-12-01T10:30:00Z') });
  });

  it('defaults to the default queue, priority 0 and a 240-minute SLA when nothing is cited', () => {
    const versions = [version('a', { minSeverity: null }, { 'A1.a': 2 })];
    expect(placeReviewItem({ versions, verdicts: [{ policy_version_id: 'a', rule_ids: [], severity: null }], now }))
      .toEqual({ queue: 'default', severity: null, priority: 0, dueAt: new Date('2026-12-01T14:00:00Z') });
  });

  it('keeps an explicit queue (appeals) and the tightest SLA of all versions', () => {
    const versions = [version('a', { slaMinutes: 90 }, {}), version('b', { slaMinutes: 600 }, {})];
    expect(placeReviewItem({ versions, verdicts: [], queue: 'appeals', now })).toMatchObject({ queue: 'appeals', dueAt: new Date('2026-12-01T11:30:00Z') });
  });

  it('reads settings of versions stored before review.queue existed', () => {
    expect(reviewSettings({ review: { minSeverity: 4 } as never })).toEqual({ queue: 'default', slaMinutes: 240 });
  });
});
