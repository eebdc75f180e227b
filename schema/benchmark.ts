import type { PolicyVersionRow } from '../server/db/schema.js';
import { scopeOf, type Context } from '../server/context.js';
import { type BenchmarkComparison, compareBenchmarkRuns, type FlippedItem, type RuleMetricsDelta } from '../server/domain/benchmarks/compare.js';
import { GateFailedError } from '../server/domain/benchmarks/gate.js';
import type { PolicyMetrics, RuleMetrics, RunMetrics } from '../server/domain/benchmarks/metrics.js';
import { replayPolicyVersion } from '../server/domain/benchmarks/replay.js';
import type { BenchmarkItemRow, BenchmarkRunRow } from '../server/domain/benchmarks/repository.js';
import { cancelBenchmarkRun, getRun, listRuns, requireRun, runItemsPage, startBenchmarkRun } from '../server/domain/benchmarks/service.js';
import type { PolicyPrediction } from '../server/domain/benchmarks/types.js';
import type { RunConfig } from '../server/domain/benchmarks/deps.js';
import { getDatasetById } from '../server/domain/datasets/queries.js';
import { getVersion } from '../server/domain/policies/queries.js';
import { builder } from './builder.js';
import { DatasetItemRef, DatasetRef } from './dataset.js';
import { getDatasetItem } from '../server/domain/datasets/queries.js';
import { ErrorInterface, InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { FindingRef } from './finding.js';
import { rowId } from './ids.js';
import { EvaluationRef, PolicyVersionRef, connectionNames, pageArgs } from './refs.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { ReasoningEffortEnum, VerdictLabelEnum } from './enums.js';

const StatusEnum = builder.enumType('BenchmarkRunStatus', {
  description: 'Where a benchmark or replay run is.',
  values: {
    QUEUED: { description: 'Waiting for a worker.' },
    RUNNING: { description: 'Judging items; `done` of `total` so far.' },
    SUCCEEDED: { description: 'Every item judged; `metrics` are final.' },
    FAILED: { description: 'Stopped by an error; `error` says why.' },
    CANCELLED: { description: 'Stopped by `cancelBenchmarkRun`.' },
  } as const,
});
const KindEnum = builder.enumType('BenchmarkRunKind', {
  description: 'What a run judged.',
  values: {
    BENCHMARK: { description: 'One dataset version against policy versions, scored against its labels.' },
    REPLAY: { description: 'Real past decisions of a policy judged again with another version, their standing verdict (HUMAN first) as the expectation.' },
  } as const,
});
export const BenchmarkRunRef = builder.objectRef<BenchmarkRunRow>('BenchmarkRun');
const ItemRef = builder.objectRef<BenchmarkItemRow>('BenchmarkItem');
const version = async (c: Context, id: string): Promise<PolicyVersionRow> => (await getVersion(scopeOf(c), id))!;
const metricsOf = (run: BenchmarkRunRow) => run.metrics as unknown as RunMetrics | null;
const configOf = (run: BenchmarkRunRow) => run.evaluator_config as unknown as RunConfig;

const RuleMetricsRef = builder.objectRef<RuleMetrics>('RuleMetrics').implement({
  description: 'One rule id. Recall and F1 need rule-level labels ("<key>:<ruleId>") in the dataset.',
  fields: (t) => ({
    ruleId: t.exposeString('ruleId', { nullable: false }), support: t.exposeInt('support', { nullable: false }),
    tp: t.exposeInt('tp', { nullable: false }), fp: t.exposeInt('fp', { nullable: false }), fn: t.exposeInt('fn', { nullable: false }),
    precision: t.exposeFloat('precision', { nullable: true }), recall: t.exposeFloat('recall', { nullable: true }), f1: t.exposeFloat('f1', { nullable: true }),
  }),
});

const PolicyMetricsRef = builder.objectRef<PolicyMetrics>('PolicyMetrics').implement({
  description: 'Confusion counts over every (item, repeat) with a label; UNCERTAIN counts as wrong (and in `uncertain`).',
  fields: (t) => ({
    policyVersion: t.field({ type: PolicyVersionRef, nullable: false, resolve: (m, _, c) => version(c, m.policyVersionId) }),
    labelKey: t.exposeString('labelKey', { description: 'The dataset label key scored (the policy slug unless labelMap says otherwise).', nullable: false }),
    tp: t.exposeInt('tp', { nullable: false }), fp: t.exposeInt('fp', { nullable: false }), tn: t.exposeInt('tn', { nullable: false }), fn: t.exposeInt('fn', { nullable: false }),
    uncertain: t.exposeInt('uncertain', { description: 'Predictions that were UNCERTAIN (counted as wrong).', nullable: false }),
    precision: t.exposeFloat('precision', { nullable: true }), recall: t.exposeFloat('recall', { nullable: true }), f1: t.exposeFloat('f1', { nullable: true }),
    accuracy: t.exposeFloat('accuracy', { description: '(tp + tn) / all, 0–1; null without labelled items.', nullable: true }),
    perRule: t.field({ type: [RuleMetricsRef], nullable: false, resolve: (m) => m.perRule }),
  }),
});

const RunCostRef = builder.objectRef<{ run: BenchmarkRunRow; metrics: RunMetrics }>('BenchmarkRunCost').implement({
  description: "What the run's effort level cost: compare runs at LOW, MEDIUM and HIGH to pick the cheapest that meets your F1.",
  fields: (t) => ({
    effort: t.field({ type: ReasoningEffortEnum, nullable: false, resolve: (r) => configOf(r.run).effort }),
    items: t.int({ nullable: false, resolve: (r) => r.metrics.items }),
    tokens: t.int({ nullable: false, resolve: (r) => r.metrics.tokens }),
    tokensPerItem: t.float({ nullable: true, resolve: (r) => (r.metrics.items === 0 ? null : r.metrics.tokens / r.metrics.items) }),
    latencyP50Ms: t.float({ nullable: true, resolve: (r) => r.metrics.latencyP50Ms }),
    latencyP95Ms: t.float({ nullable: true, resolve: (r) => r.metrics.latencyP95Ms }),
    cascade: t.field({ type: CascadeRef, nullable: true, resolve: (r) => r.metrics.cascade ?? null }),
  }),
});

const CascadeRef = builder.objectRef<NonNullable<RunMetrics['cascade']>>('BenchmarkCascade').implement({
  description: 'What the triage stage (rules, the active classifier) would have settled before the reasoner, and what that saves.',
  fields: (t) => ({
    routedFraction: t.exposeFloat('routedFraction', { nullable: false, description: 'Share of (item, policy) pairs triage settled.' }),
    reasonerCallsSaved: t.exposeInt('reasonerCallsSaved', { nullable: false, description: 'Items triage settled for every policy: no reasoner call.' }),
    tokensSaved: t.exposeInt('tokensSaved', { nullable: false }),
    triageAccuracy: t.exposeFloat('triageAccuracy', { nullable: true, description: "How often triage's own label matched the dataset where it settled." }),
  }),
});

const PredictionRef = builder.objectRef<PolicyPrediction>('BenchmarkPrediction').implement({
  description: 'What one policy version predicted for one benchmark item.',
  fields: (t) => ({
    policyVersion: t.field({ type: PolicyVersionRef, nullable: false, resolve: (p, _, c) => version(c, p.policyVersionId) }),
    labelKey: t.exposeString('labelKey', { nullable: false }),
    expected: t.int({ nullable: true, resolve: (p) => p.expected }),
    label: t.field({ type: VerdictLabelEnum, nullable: false, resolve: (p) => p.label }),
    triageLabel: t.field({ type: VerdictLabelEnum, nullable: true, description: 'What triage alone would have said (UNCERTAIN: on to the reasoner).', resolve: (p) => p.triageLabel ?? null }),
    ruleIds: t.stringList({ nullable: false, resolve: (p) => [...p.ruleIds] }),
    rationale: t.exposeString('rationale', { nullable: true }),
    reasoning: t.string({ nullable: true, description: 'The chain of thought; null for roles not allowed to see it (only reviewer, auditor and admin are).',
      authScopes: { readReasoning: true }, unauthorizedResolver: () => null, resolve: (p) => p.reasoning }),
    findings: t.field({ type: [FindingRef], nullable: false, resolve: (p) => p.findings.map((f) => ({ ...f })) as never }),
  }),
});

builder.node(ItemRef, {
  description: 'One dataset item (or replayed evaluation), one repeat, judged in a run: what was expected and what was predicted.',
  id: { resolve: (i) => i.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'run_id' in value && 'mismatched' in value,
  loadOne: () => null,
  authScopes: { readDatasets: true },
  fields: (t) => ({
    repeat: t.exposeInt('repeat', { description: 'Which repeat of the item this is (from 1).', nullable: false }),
    datasetItem: t.field({ type: DatasetItemRef, description: 'The dataset item judged; null for a REPLAY.', nullable: true, resolve: async (i, _, c) => (i.dataset_item_id ? (await getDatasetItem(scopeOf(c), i.dataset_item_id)) ?? null : null) }),
    evaluation: t.field({ type: EvaluationRef, nullable: true, description: 'For a replay: the real evaluation replayed.',
      resolve: async (i, _, c) => (i.evaluation_id ? (await getEvaluation(scopeOf(c), i.evaluation_id)) ?? null : null) }),
    evaluationContent: t.exposeString('content', { description: 'The content judged.', nullable: false }),
    expected: t.field({ type: 'JSON', description: 'Label key → expected 1 or 0, from the dataset (or the standing verdict for a REPLAY).', nullable: false, resolve: (i) => i.expected }),
    predicted: t.field({ type: 'JSON', nullable: false, description: 'Label key → 1, 0, or null for UNCERTAIN.',
      resolve: (i) => Object.fromEntries((i.results as PolicyPrediction[]).map((p) => [p.labelKey, p.label === 'VIOLATING' ? 1 : p.label === 'NON_VIOLATING' ? 0 : null])) }),
    ruleIds: t.stringList({ description: 'Every rule id any prediction cited.', nullable: false, resolve: (i) => [...new Set((i.results as PolicyPrediction[]).flatMap((p) => p.ruleIds))] }),
    rationale: t.string({ description: 'The predictions\' rationales, one per line; null when none gave one.', nullable: true, resolve: (i) => (i.results as PolicyPrediction[]).map((p) => p.rationale).filter(Boolean).join('\n') || null }),
    predictions: t.field({ type: [PredictionRef], description: 'One per policy version.', nullable: false, resolve: (i) => i.results as PolicyPrediction[] }),
    mismatched: t.exposeBoolean('mismatched', { description: 'Whether any prediction missed its expected label (UNCERTAIN counts as a miss).', nullable: false }),
    tokens: t.exposeInt('tokens', { description: 'Model tokens this judgement used.', nullable: false }), latencyMs: t.exposeInt('latency_ms', { description: 'How long this judgement took, in milliseconds.', nullable: false }),
  }),
});
const ItemConnection = builder.connectionObject({ type: ItemRef, ...connectionNames('BenchmarkItem')[0] }, connectionNames('BenchmarkItem')[1]);
const RunConnection = builder.connectionObject({ type: BenchmarkRunRef, ...connectionNames('BenchmarkRun')[0] }, connectionNames('BenchmarkRun')[1]);

builder.node(BenchmarkRunRef, {
  description: 'Policy versions × evaluator configuration over one dataset version (or, REPLAY, over real decisions). Never decisions.',
  id: { resolve: (r) => r.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'evaluator_config' in value,
  loadOne: (id, context) => (context.scope ? getRun(context.scope, id) : null),
  authScopes: { readDatasets: true },
  fields: (t) => ({
    kind: t.field({ type: KindEnum, description: 'BENCHMARK (a dataset) or REPLAY (real decisions).', nullable: false, resolve: (r) => r.kind }),
    status: t.field({ type: StatusEnum, description: 'QUEUED → RUNNING → SUCCEEDED, FAILED or CANCELLED.', nullable: false, resolve: (r) => r.status }),
    dataset: t.field({ type: DatasetRef, description: 'The dataset read; null for a REPLAY.', nullable: true, resolve: async (r, _, c) => (r.dataset_id ? (await getDatasetById(scopeOf(c), r.dataset_id)) ?? null : null) }),
    datasetVersion: t.exposeInt('dataset_version', { description: 'The dataset version read (later adds do not change the run); null for a REPLAY.', nullable: true }),
    policyVersions: t.field({ type: [PolicyVersionRef], description: 'The policy versions judged, DRAFTs included.', nullable: false, resolve: (r, _, c) => Promise.all(r.policy_version_ids.map((id) => version(c, id))) }),
    effort: t.field({ type: ReasoningEffortEnum, description: 'The reasoning effort of every call; null when neither the run nor the policy version set one.', nullable: true, resolve: (r) => configOf(r).effort }),
    strategy: t.string({ description: 'combined (every policy in one reasoner call) or per-policy (one call each).', nullable: false, resolve: (r) => configOf(r).strategy }),
    repeats: t.int({ description: 'How many times each item was judged.', nullable: false, resolve: (r) => configOf(r).repeats }),
    done: t.exposeInt('done', { description: 'Judgements made so far (items × repeats).', nullable: false }), total: t.exposeInt('total', { nullable: false }),
    metrics: t.field({ type: [PolicyMetricsRef], description: 'Scores per policy version; empty until the run has results.', nullable: false, resolve: (r) => metricsOf(r)?.policies ?? [] }),
    multiPolicyAccuracy: t.float({ description: 'Share (0–1) of (item, repeat) pairs on which every policy with a label got it right; null before results.', nullable: true, resolve: (r) => metricsOf(r)?.multiPolicyAccuracy ?? null }),
    selfConsistency: t.float({ description: 'Mean over (item, policy) of the share of repeats agreeing with the most common label, 0–1; null with one repeat.', nullable: true, resolve: (r) => metricsOf(r)?.selfConsistency ?? null }),
    tokens: t.int({ description: 'Model tokens used by the whole run.', nullable: false, resolve: (r) => metricsOf(r)?.tokens ?? 0 }),
    latencyP50Ms: t.float({ description: 'Median latency of one judgement, in milliseconds; null before results.', nullable: true, resolve: (r) => metricsOf(r)?.latencyP50Ms ?? null }),
    latencyP95Ms: t.float({ description: '95th-percentile latency of one judgement, in milliseconds; null before results.', nullable: true, resolve: (r) => metricsOf(r)?.latencyP95Ms ?? null }),
    cost: t.field({ type: RunCostRef, description: 'Tokens and latency per effort level; null before results.', nullable: true, resolve: (r) => { const m = metricsOf(r); return m ? { run: r, metrics: m } : null; } }),
    error: t.exposeString('error', { description: 'Why the run FAILED; null otherwise.', nullable: true }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was queued.', nullable: false, resolve: (r) => r.created_at }),
    startedAt: t.field({ type: 'DateTime', description: 'When a worker started it; null while QUEUED.', nullable: true, resolve: (r) => r.started_at }),
    finishedAt: t.field({ type: 'DateTime', description: 'When it ended; null while QUEUED or RUNNING.', nullable: true, resolve: (r) => r.finished_at }),
    items: t.field({ type: ItemConnection, nullable: false, description: 'Per-item results, in dataset order.',
      args: { mismatchedOnly: t.arg.boolean({ description: 'Only items whose prediction missed the expected label.' }), ...pageArgs(t.arg) },
      resolve: (r, args, c) => runItemsPage(scopeOf(c), r.id, args) as never }),
  }),
});

const FlippedRef = builder.objectRef<FlippedItem>('FlippedItem').implement({
  description: 'An item whose label for one label key differs between the base and the candidate run.',
  fields: (t) => ({
    content: t.exposeString('content', { nullable: false }), expected: t.field({ type: 'JSON', nullable: true, resolve: (f) => f.expected }),
    labelKey: t.exposeString('labelKey', { nullable: false }),
    baseLabel: t.field({ type: VerdictLabelEnum, nullable: false, resolve: (f) => f.baseLabel as 'VIOLATING' }),
    candidateLabel: t.field({ type: VerdictLabelEnum, nullable: false, resolve: (f) => f.candidateLabel as 'VIOLATING' }),
    baseRationale: t.exposeString('baseRationale', { nullable: true }), candidateRationale: t.exposeString('candidateRationale', { nullable: true }),
  }),
});
const RuleDeltaRef = builder.objectRef<RuleMetricsDelta>('RuleMetricsDelta').implement({
  description: 'How one rule fared in the candidate run compared with the base (candidate minus base; null without data).',
  fields: (t) => ({
    ruleId: t.exposeString('ruleId', { nullable: false }), labelKey: t.exposeString('labelKey', { nullable: false }),
    baseF1: t.exposeFloat('baseF1', { nullable: true }), candidateF1: t.exposeFloat('candidateF1', { nullable: true }), f1Delta: t.exposeFloat('f1Delta', { nullable: true }),
    precisionDelta: t.exposeFloat('precisionDelta', { nullable: true }), recallDelta: t.exposeFloat('recallDelta', { nullable: true }),
  }),
});
const ComparisonRef = builder.objectRef<BenchmarkComparison>('BenchmarkComparison').implement({
  description: 'A candidate run compared item by item with a base run over the same items: F1 change, rule deltas, flipped items.',
  fields: (t) => ({
    base: t.field({ type: BenchmarkRunRef, description: 'The reference run.', nullable: false, resolve: (c) => c.base }), candidate: t.field({ type: BenchmarkRunRef, description: 'The run compared with it.', nullable: false, resolve: (c) => c.candidate }),
    f1Delta: t.exposeFloat('f1Delta', { description: 'Candidate F1 minus base F1 of the first policy version; null when either F1 is undefined.', nullable: true }),
    perRule: t.field({ type: [RuleDeltaRef], nullable: false, resolve: (c) => c.perRule }),
    flipped: t.field({ type: [FlippedRef], description: 'Items whose label changed between the runs.', nullable: false, resolve: (c) => c.flipped }),
    mcnemarPValue: t.exposeFloat('mcnemarPValue', { nullable: true, description: "McNemar's exact two-sided p-value on who got which item right; null without discordant items." }),
    baseOnlyCorrect: t.int({ description: 'Items only the base run got right.', nullable: false, resolve: (c) => c.discordant.baseOnly }), candidateOnlyCorrect: t.int({ description: 'Items only the candidate run got right.', nullable: false, resolve: (c) => c.discordant.candidateOnly }),
  }),
});

builder.queryFields((t) => ({
  benchmarkRuns: t.field({ type: RunConnection, nullable: false, authScopes: { readDatasets: true }, description: 'Benchmark and replay runs, newest first.',
    args: { policySlug: t.arg.string({ description: 'Only runs of this policy.' }), ...pageArgs(t.arg) },
    resolve: (_, args, c) => listRuns(scopeOf(c), args.policySlug ?? null, args) as never }),
  benchmarkRun: t.field({ type: BenchmarkRunRef, nullable: true, authScopes: { readDatasets: true }, description: 'One run by its global id; null when the tenant has none.',
    args: { id: t.arg.id({ required: true, description: 'The global id of the run.' }) },
    resolve: async (_, { id }, c) => (await getRun(scopeOf(c), rowId(String(id), 'BenchmarkRun'))) ?? null }),
  compareBenchmarkRuns: t.field({ type: ComparisonRef, nullable: false, authScopes: { readDatasets: true },
    description: 'Compares two finished runs over the same dataset, such as a published version (base) and a draft (candidate).',
    args: { base: t.arg.id({ required: true, description: 'The global id of the reference run.' }), candidate: t.arg.id({ required: true, description: 'The global id of the run to judge against it.' }) },
    resolve: (_, args, c) => compareBenchmarkRuns(scopeOf(c), rowId(String(args.base), 'BenchmarkRun'), rowId(String(args.candidate), 'BenchmarkRun')) }),
}));

const StartInput = builder.inputType('StartBenchmarkRunInput', {
  description: 'A dataset, policy versions and the evaluator settings to benchmark them with.',
  fields: (t) => ({
    dataset: t.string({ required: true, description: 'The dataset name; its current version is read.' }), policies: t.stringList({ required: true, description: '"slug" (published, else latest) or "slug@3" (any status, DRAFT allowed).' }),
    effort: t.field({ type: ReasoningEffortEnum, description: "Reasoning effort for every call; the first policy version's default effort when omitted." }),
    strategy: t.string({ description: 'combined or per-policy.' }),
    repeats: t.int({ description: 'How many times each item is judged (for self-consistency); 1 when omitted.' }),
    labelMap: t.field({ type: 'JSON', description: 'Policy slug → dataset label key (default: the slug).' }),
    limit: t.int({ description: 'Judge only the first N items; every item when omitted.' }),
  }),
});
const ReplayInput = builder.inputType('ReplayPolicyVersionInput', {
  description: 'Past evaluations of a policy to judge again with another version of it.',
  fields: (t) => ({
    versionId: t.id({ required: true, description: 'The global id of the version to replay with (a DRAFT is allowed).' }),
    from: t.field({ type: 'DateTime', description: 'Only decisions at or after this time.' }),
    to: t.field({ type: 'DateTime', description: 'Only decisions before this time.' }),
    limit: t.int({ description: 'At most this many decided evaluations, newest first (default 200, at most 2,000).' }),
  }),
});
const RunSuccess = (name: string) => builder.objectRef<{ run: BenchmarkRunRow }>(name).implement({ description: 'The run.', fields: (t) => ({ run: t.field({ type: BenchmarkRunRef, nullable: false, description: 'The run as it is now.', resolve: (r) => r.run }) }) });
const errors = (name: string) => ({ types: [ValidationError, NotFoundError, InvalidStateError], directResult: true as const, union: { name, description: 'The run, or why the request was refused.' } });

builder.mutationFields((t) => ({
  startBenchmarkRun: t.field({ type: RunSuccess('StartBenchmarkRunSuccess'), authScopes: { writeDatasets: true }, errors: errors('StartBenchmarkRunPayload'),
    description: 'Queues a benchmark run; follow it with `benchmarkRunProgress`.',
    args: { input: t.arg({ type: StartInput, required: true, description: 'What to benchmark.' }) },
    resolve: async (_, { input }, c) => ({ run: await startBenchmarkRun(scopeOf(c), c.services.benchmarks, input) }) }),
  replayPolicyVersion: t.field({ type: RunSuccess('ReplayPolicyVersionSuccess'), authScopes: { writeDatasets: true }, errors: errors('ReplayPolicyVersionPayload'),
    description: 'Queues a REPLAY run: real past evaluations judged again with this version, to see what would change. Records no decisions.',
    args: { input: t.arg({ type: ReplayInput, required: true, description: 'The version and which evaluations.' }) },
    resolve: async (_, { input }, c) => ({ run: await replayPolicyVersion(scopeOf(c), c.services.benchmarks, { ...input, versionId: rowId(String(input.versionId), 'PolicyVersion') }) }) }),
  cancelBenchmarkRun: t.field({ type: RunSuccess('CancelBenchmarkRunSuccess'), authScopes: { writeDatasets: true }, errors: errors('CancelBenchmarkRunPayload'),
    description: 'Stops a QUEUED or RUNNING run; INVALID_STATE when it has already ended.',
    args: { id: t.arg.id({ required: true, description: 'The global id of the run.' }) },
    resolve: async (_, { id }, c) => ({ run: await cancelBenchmarkRun(scopeOf(c), c.services.benchmarks, rowId(String(id), 'BenchmarkRun')) }) }),
}));

builder.subscriptionField('benchmarkRunProgress', (t) =>
  t.field({ type: BenchmarkRunRef, nullable: false, authScopes: { readDatasets: true }, description: 'The run as it is now, then after each item and status change, until it ends.',
    args: { id: t.arg.id({ required: true, description: 'The global id of the run.' }) }, subscribe: (_, { id }, c) => progress(c, rowId(String(id), 'BenchmarkRun')), resolve: (run) => run }),
);

const FINISHED = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

async function* progress(c: Context, id: string): AsyncGenerator<BenchmarkRunRow> {
  const live = c.services.benchmarks.bus.subscribe(id);
  try {
    let run = await requireRun(scopeOf(c), id);
    yield run;
    if (FINISHED.includes(run.status)) return;
    for await (const message of live) {
      if (!('benchmark' in message)) continue;
      run = (await getRun(scopeOf(c), id))!;
      yield run;
      if (FINISHED.includes(run.status)) return;
    }
  } finally {
    await live.return?.();
  }
}

builder.objectType(GateFailedError, {
  name: 'GateFailedError', description: 'GATE_FAILED: a publish gate (a benchmark threshold of the policy) refused the version; `run` is the run judged.', interfaces: [ErrorInterface], isTypeOf: (value) => value instanceof GateFailedError,
  fields: (t) => ({ run: t.field({ type: BenchmarkRunRef, nullable: true, description: 'The run judged (null when there is none).', resolve: (e) => e.run }) }),
});
