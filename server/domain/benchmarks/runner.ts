import { setMaxListeners } from 'node:events';
import type { ReasoningEffort } from '../../../sdk/index.js';
import { toEnginePolicy, type EnginePolicy } from '../../engine/policies.js';
import { listDatasetItems } from '../datasets/repository.js';
import { findEvaluationsByIds } from '../evaluations/repository.js';
import { findVersionsWithSlugs } from '../policies/repository.js';
import type { BenchmarkDeps, RunConfig } from './deps.js';
import { evaluateItem, triageItem } from './evaluate-item.js';
import { computeMetrics } from './metrics.js';
import * as repo from './repository.js';
import type { BenchmarkJob } from './queue.js';
import { type ItemResult, isCorrect, type PolicyPrediction } from './types.js';

interface RunItem { readonly ordinal: number; readonly content: string; readonly labels: Record<string, number>; readonly datasetItemId: string | null; readonly evaluationId: string | null }

/**
 * Runs (or resumes) one benchmark or replay run: every (item, repeat) not yet stored is reasoned
 * over and stored once; cancellation (a CANCELLED status or a bus `cancel`) stops it between
 * items. Throws on a reasoner failure so the queue retries; on the last attempt the run FAILS.
 */
export async function runBenchmarkJob(deps: BenchmarkDeps, job: BenchmarkJob, meta: { lastAttempt: boolean; signal?: AbortSignal }): Promise<void> {
  const base = { tenantId: job.tenantId, id: job.runId };
  const run = await repo.setRunStatus(deps.db, { ...base, from: ['QUEUED', 'RUNNING'], set: { status: 'RUNNING' } });
  if (!run) return;
  if (!run.started_at) await deps.db.updateTable('benchmark_runs').set({ started_at: new Date() }).where('id', '=', run.id).execute();
  const controller = new AbortController();
  // Every item in flight listens on the one signal.
  setMaxListeners(0, controller.signal);
  const watch = watchCancel(deps, job, controller, meta.signal);
  try {
    const config = run.evaluator_config as unknown as RunConfig;
    const policies = await enginePolicies(deps, job.tenantId, run.policy_version_ids);
    const outcome = await runItems(deps, { run, config, policies, items: await loadItems(deps, run, config), signal: controller.signal });
    if (outcome === 'stopped') return;
    const results = (await repo.listItems(deps.db, { tenantId: job.tenantId, runId: run.id })).map(toItemResult);
    const metrics = computeMetrics(results, policies.map((p) => ({ id: p.id, labelKey: config.labelKeys[p.id]!, ruleIds: p.rules.map((r) => r.id) })));
    await finish(deps, job, { status: 'SUCCEEDED', metrics: JSON.stringify(metrics), finished_at: new Date() });
  } catch (error) {
    if (controller.signal.aborted) return;
    if (!meta.lastAttempt) throw error;
    await finish(deps, job, { status: 'FAILED', error: `benchmark failed: ${(error as Error).message.slice(0, 300)}`, finished_at: new Date() });
  } finally {
    await watch.stop();
  }
}

async function finish(deps: BenchmarkDeps, job: BenchmarkJob, set: Parameters<typeof repo.setRunStatus>[1]['set']): Promise<void> {
  const row = await repo.setRunStatus(deps.db, { tenantId: job.tenantId, id: job.runId, from: ['RUNNING'], set });
  if (row) deps.bus.publish({ tenantId: job.tenantId, evaluationId: job.runId, benchmark: { done: row.done, status: row.status } });
}

async function enginePolicies(deps: BenchmarkDeps, tenantId: string, ids: readonly string[]): Promise<EnginePolicy[]> {
  const rows = await findVersionsWithSlugs(deps.db, { tenantId, ids });
  return ids.map((id) => rows.find((r) => r.id === id)!).map((row) => toEnginePolicy(row, row.slug));
}

async function runItems(deps: BenchmarkDeps, args: { run: repo.BenchmarkRunRow; config: RunConfig; policies: EnginePolicy[]; items: RunItem[]; signal: AbortSignal }): Promise<'done' | 'stopped'> {
  const done = await repo.doneKeys(deps.db, { tenantId: args.run.tenant_id, runId: args.run.id });
  const todo = args.items.flatMap((item) => Array.from({ length: args.config.repeats }, (_, repeat) => ({ item, repeat })))
    .filter(({ item, repeat }) => !done.has(`${item.ordinal}/${repeat}`));
  const reasoner = await deps.readyReasoner();
  if (!reasoner && todo.length > 0) throw new Error('no reasoner available');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length && !args.signal.aborted) {
      const { item, repeat } = todo[next++]!;
      const [result, triage] = await Promise.all([
        evaluateItem({ reasoner: reasoner!, policies: args.policies, content: item.content, effort: args.config.effort.toLowerCase() as ReasoningEffort, strategy: args.config.strategy, signal: args.signal, timeoutMs: deps.reasoningTimeoutMs }),
        triageItem({ policies: args.policies, content: item.content, signal: args.signal, evaluatorsFor: deps.triageEvaluatorsFor }),
      ]);
      if (args.signal.aborted) return;
      await store(deps, args, item, repeat, { ...result, triage });
    }
  };
  // Every worker ends before the job does: a rejection must not leave another still writing its item.
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, deps.concurrency) }, worker));
  if (args.signal.aborted) return 'stopped';
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return 'done';
}

type Evaluated = Awaited<ReturnType<typeof evaluateItem>> & { triage: Awaited<ReturnType<typeof triageItem>> };

async function store(deps: BenchmarkDeps, args: { run: repo.BenchmarkRunRow; config: RunConfig }, item: RunItem, repeat: number, result: Evaluated): Promise<void> {
  const predictions: PolicyPrediction[] = result.answers.map((answer) => {
    const labelKey = args.config.labelKeys[answer.policyVersionId]!;
    const value = item.labels[labelKey];
    const triageLabel = result.triage.get(answer.policyVersionId);
    return { ...answer, labelKey, expected: value === 0 || value === 1 ? value : null, ...(triageLabel ? { triageLabel } : {}) };
  });
  const progress = await repo.insertItem(deps.db, {
    tenant_id: args.run.tenant_id, run_id: args.run.id, ordinal: item.ordinal, repeat, dataset_item_id: item.datasetItemId, evaluation_id: item.evaluationId,
    content: item.content, expected: JSON.stringify(item.labels), results: JSON.stringify(predictions),
    mismatched: predictions.some((p) => isCorrect(p) === false), tokens: result.tokens, latency_ms: result.latencyMs,
  });
  if (progress) deps.bus.publish({ tenantId: args.run.tenant_id, evaluationId: args.run.id, benchmark: progress });
}

const loadItems = async (deps: BenchmarkDeps, run: repo.BenchmarkRunRow, config: RunConfig): Promise<RunItem[]> => {
  if (run.kind === 'REPLAY') {
    const replay = config.replay ?? [];
    const evaluations = new Map((await findEvaluationsByIds(deps.db, { tenantId: run.tenant_id, ids: replay.map((r) => r.evaluationId) })).map((e) => [e.id, e]));
    return replay.map((r, ordinal) => ({ ordinal, content: evaluations.get(r.evaluationId)?.content ?? '', labels: { ...r.expected }, datasetItemId: null, evaluationId: r.evaluationId }));
  }
  const rows = await listDatasetItems(deps.db, { tenantId: run.tenant_id, datasetId: run.dataset_id!, upToVersion: run.dataset_version ?? undefined });
  return rows.slice(0, config.limit ?? rows.length).map((row, ordinal) => ({ ordinal, content: row.content, labels: row.labels as unknown as Record<string, number>, datasetItemId: row.id, evaluationId: null }));
};

/** A stored row as the metrics see it. */
export function toItemResult(row: repo.BenchmarkItemRow): ItemResult {
  return { ordinal: row.ordinal, repeat: row.repeat, content: row.content, labels: row.expected as Record<string, number>, predictions: row.results as PolicyPrediction[], tokens: row.tokens, latencyMs: row.latency_ms };
}

function watchCancel(deps: BenchmarkDeps, job: BenchmarkJob, controller: AbortController, outer?: AbortSignal) {
  const events = deps.bus.subscribe(job.runId);
  const onOuter = () => controller.abort(new Error('worker stopping'));
  outer?.addEventListener('abort', onOuter, { once: true });
  const watching = (async () => {
    for await (const message of events) {
      if ('control' in message && message.control === 'cancel') controller.abort(new Error('benchmark run cancelled'));
    }
  })();
  return { async stop() { outer?.removeEventListener('abort', onOuter); await events.return?.(); await watching; } };
}
