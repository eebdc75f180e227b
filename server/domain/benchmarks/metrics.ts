import { isCorrect, type ItemResult, type PolicyPrediction, predictedValue } from './types.js';

/** Precision, recall and F1 of one rule id; recall and F1 need rule-level labels ("<key>:<ruleId>"). */
export interface RuleMetrics { ruleId: string; support: number; tp: number; fp: number; fn: number; precision: number | null; recall: number | null; f1: number | null }

/** Confusion counts and scores of one policy version over every (item, repeat) with a label. */
export interface PolicyMetrics {
  policyVersionId: string; labelKey: string; tp: number; fp: number; tn: number; fn: number;
  uncertain: number; precision: number | null; recall: number | null; f1: number | null; accuracy: number | null; perRule: RuleMetrics[];
}

/** What a run reports once it has finished. */
export interface RunMetrics {
  policies: PolicyMetrics[]; multiPolicyAccuracy: number | null; selfConsistency: number | null;
  tokens: number; latencyP50Ms: number | null; latencyP95Ms: number | null; items: number;
  cascade: CascadeMetrics | null;
}

/**
 * What the triage → reasoner cascade would have done on these items: the share of (item, policy)
 * pairs triage settled, the reasoner calls (and their tokens) it would have saved — an item skips the
 * reasoner only when triage settled every policy — and how often triage's own label was right.
 */
export interface CascadeMetrics { routedFraction: number; reasonerCallsSaved: number; tokensSaved: number; triageAccuracy: number | null }

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);
const f1Of = (p: number | null, r: number | null): number | null => (p === null || r === null ? null : p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * Everything a run reports, from its item results. An UNCERTAIN prediction is never right: it
 * counts as a false negative on a violating item and a false positive on a non-violating one.
 */
export function computeMetrics(results: readonly ItemResult[], policies: readonly { id: string; labelKey: string; ruleIds: readonly string[] }[]): RunMetrics {
  const latencies = results.map((r) => r.latencyMs);
  return {
    policies: policies.map((p) => policyMetrics(p, results.map((r) => ({ item: r, prediction: r.predictions.find((x) => x.policyVersionId === p.id) })))),
    multiPolicyAccuracy: multiPolicyAccuracy(results),
    selfConsistency: selfConsistency(results),
    tokens: results.reduce((sum, r) => sum + r.tokens, 0),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    items: results.length,
    cascade: cascadeMetrics(results),
  };
}

function cascadeMetrics(results: readonly ItemResult[]): CascadeMetrics | null {
  const withTriage = results.flatMap((r) => r.predictions.filter((p) => p.triageLabel !== undefined));
  if (withTriage.length === 0) return null;
  const settled = withTriage.filter((p) => p.triageLabel !== 'UNCERTAIN');
  const skipped = results.filter((r) => r.predictions.length > 0 && r.predictions.every((p) => p.triageLabel !== undefined && p.triageLabel !== 'UNCERTAIN'));
  const judged = settled.filter((p) => p.expected !== null);
  return {
    routedFraction: settled.length / withTriage.length,
    reasonerCallsSaved: skipped.length,
    tokensSaved: skipped.reduce((sum, r) => sum + r.tokens, 0),
    triageAccuracy: ratio(judged.filter((p) => predictedValue(p.triageLabel!) === p.expected).length, judged.length),
  };
}

function policyMetrics(policy: { id: string; labelKey: string; ruleIds: readonly string[] }, rows: { item: ItemResult; prediction: PolicyPrediction | undefined }[]): PolicyMetrics {
  const counts = { tp: 0, fp: 0, tn: 0, fn: 0, uncertain: 0 };
  for (const { prediction } of rows) {
    if (!prediction || prediction.expected === null) continue;
    const predicted = predictedValue(prediction.label);
    if (predicted === null) counts.uncertain += 1;
    if (prediction.expected === 1) predicted === 1 ? (counts.tp += 1) : (counts.fn += 1);
    else predicted === 0 ? (counts.tn += 1) : (counts.fp += 1);
  }
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  const cited = rows.flatMap((r) => r.prediction?.ruleIds ?? []);
  const ruleIds = [...new Set([...policy.ruleIds, ...cited])];
  return {
    policyVersionId: policy.id, labelKey: policy.labelKey, ...counts, precision, recall, f1: f1Of(precision, recall),
    accuracy: ratio(counts.tp + counts.tn, counts.tp + counts.tn + counts.fp + counts.fn),
    perRule: ruleIds.map((ruleId) => ruleMetrics(ruleId, policy.labelKey, rows)),
  };
}

/**
 * A rule's truth on an item: its rule-level label when the item has one; 0 on an item that
 * violates nothing; unknown otherwise. A citation on a violating item without rule labels counts
 * as right (precision), but recall needs rule-level labels.
 */
function ruleMetrics(ruleId: string, labelKey: string, rows: { item: ItemResult; prediction: PolicyPrediction | undefined }[]): RuleMetrics {
  let tp = 0; let fp = 0; let fn = 0; let labelled = 0;
  for (const { item, prediction } of rows) {
    if (!prediction || prediction.expected === null) continue;
    const ruleLabel = item.labels[`${labelKey}:${ruleId}`];
    const truth = ruleLabel === 0 || ruleLabel === 1 ? ruleLabel : prediction.expected === 0 ? 0 : null;
    if (ruleLabel === 0 || ruleLabel === 1) labelled += 1;
    const cites = prediction.label === 'VIOLATING' && prediction.ruleIds.includes(ruleId);
    if (cites && truth !== 0) tp += 1;
    else if (cites) fp += 1;
    else if (truth === 1) fn += 1;
  }
  const precision = ratio(tp, tp + fp);
  const recall = labelled > 0 ? ratio(tp, tp + fn) : null;
  return { ruleId, support: labelled > 0 ? tp + fn : tp, tp, fp, fn, precision, recall, f1: f1Of(precision, recall) };
}

/** The share of (item, repeat) pairs on which every policy with a label got it right. */
function multiPolicyAccuracy(results: readonly ItemResult[]): number | null {
  let scored = 0; let right = 0;
  for (const result of results) {
    const verdicts = result.predictions.map(isCorrect);
    if (verdicts.length === 0 || verdicts.some((v) => v === null)) continue;
    scored += 1;
    if (verdicts.every((v) => v === true)) right += 1;
  }
  return ratio(right, scored);
}

/** Mean, over (item, policy), of the share of repeats that agree with the most common label; null with one repeat. */
function selfConsistency(results: readonly ItemResult[]): number | null {
  const groups = new Map<string, string[]>();
  for (const result of results) {
    for (const p of result.predictions) {
      const key = `${result.ordinal}/${p.policyVersionId}`;
      groups.set(key, [...(groups.get(key) ?? []), p.label]);
    }
  }
  const shares = [...groups.values()].filter((labels) => labels.length > 1).map((labels) => {
    const tally = new Map<string, number>();
    for (const label of labels) tally.set(label, (tally.get(label) ?? 0) + 1);
    return Math.max(...tally.values()) / labels.length;
  });
  return shares.length === 0 ? null : shares.reduce((a, b) => a + b, 0) / shares.length;
}

/** Nearest-rank percentile; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
