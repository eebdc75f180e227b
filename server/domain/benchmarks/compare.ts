import { InvalidStateError } from '../../errors.js';
import type { Scope } from '../scope.js';
import { mcnemarExactP } from './mcnemar.js';
import type { PolicyMetrics, RunMetrics } from './metrics.js';
import * as repo from './repository.js';
import { toItemResult } from './runner.js';
import { requireRun } from './service.js';
import { isCorrect, type ItemResult, type PolicyPrediction } from './types.js';

export interface RuleMetricsDelta { ruleId: string; labelKey: string; baseF1: number | null; candidateF1: number | null; f1Delta: number | null; precisionDelta: number | null; recallDelta: number | null }
export interface FlippedItem { content: string; expected: Record<string, number>; labelKey: string; baseLabel: string; candidateLabel: string; baseRationale: string | null; candidateRationale: string | null }
export interface BenchmarkComparison { base: repo.BenchmarkRunRow; candidate: repo.BenchmarkRunRow; f1Delta: number | null; perRule: RuleMetricsDelta[]; flipped: FlippedItem[]; mcnemarPValue: number | null; discordant: { baseOnly: number; candidateOnly: number } }

const delta = (a: number | null | undefined, b: number | null | undefined): number | null => (a == null || b == null ? null : b - a);

/**
 * Compares two finished runs over the same items: policies pair up by position (base's first with
 * candidate's first…), items by dataset item (or evaluation) and repeat. Every item whose label
 * changed is listed with both rationales; McNemar's exact test runs on who got which item right.
 */
export async function compareBenchmarkRuns(scope: Scope, baseId: string, candidateId: string): Promise<BenchmarkComparison> {
  const [base, candidate] = await Promise.all([requireRun(scope, baseId), requireRun(scope, candidateId)]);
  for (const run of [base, candidate]) if (run.status !== 'SUCCEEDED') throw new InvalidStateError(`benchmark run ${run.id} is ${run.status}; only SUCCEEDED runs compare`);
  const [baseItems, candidateItems] = await Promise.all([base, candidate].map(async (run) => (await repo.listItems(scope.db, { tenantId: scope.tenantId, runId: run.id })).map((row) => ({ row, result: toItemResult(row) }))));
  const byKey = new Map(candidateItems!.map((i) => [keyOf(i.row), i.result]));
  const flipped: FlippedItem[] = [];
  let baseOnly = 0; let candidateOnly = 0;
  for (const { row, result } of baseItems!) {
    const other = byKey.get(keyOf(row));
    if (!other) continue;
    result.predictions.forEach((b, index) => {
      const c = other.predictions[index];
      if (!c) return;
      const [bRight, cRight] = [isCorrect(b), isCorrect(c)];
      if (bRight === true && cRight === false) baseOnly += 1;
      if (bRight === false && cRight === true) candidateOnly += 1;
      if (b.label !== c.label) flipped.push(flip(result, b, c));
    });
  }
  const [bm, cm] = [base.metrics as unknown as RunMetrics, candidate.metrics as unknown as RunMetrics];
  return { base, candidate, f1Delta: delta(bm.policies[0]?.f1, cm.policies[0]?.f1), perRule: ruleDeltas(bm.policies, cm.policies), flipped, mcnemarPValue: mcnemarExactP(baseOnly, candidateOnly), discordant: { baseOnly, candidateOnly } };
}

function keyOf(row: repo.BenchmarkItemRow): string {
  return `${row.dataset_item_id ?? row.evaluation_id ?? row.content}/${row.repeat}`;
}

function flip(item: ItemResult, b: PolicyPrediction, c: PolicyPrediction): FlippedItem {
  return { content: item.content, expected: { ...item.labels }, labelKey: b.labelKey, baseLabel: b.label, candidateLabel: c.label, baseRationale: b.rationale, candidateRationale: c.rationale };
}

function ruleDeltas(base: readonly PolicyMetrics[], candidate: readonly PolicyMetrics[]): RuleMetricsDelta[] {
  return base.flatMap((b, index) => {
    const c = candidate[index];
    if (!c) return [];
    const ruleIds = [...new Set([...b.perRule, ...c.perRule].map((r) => r.ruleId))];
    return ruleIds.map((ruleId) => {
      const [x, y] = [b.perRule.find((r) => r.ruleId === ruleId), c.perRule.find((r) => r.ruleId === ruleId)];
      return { ruleId, labelKey: b.labelKey, baseF1: x?.f1 ?? null, candidateF1: y?.f1 ?? null, f1Delta: delta(x?.f1, y?.f1), precisionDelta: delta(x?.precision, y?.precision), recallDelta: delta(x?.recall, y?.recall) };
    });
  });
}
