import { decodeCursor, type Page, type PageArgs, pageSize, toPage } from '../../db/keyset.js';
import { InvalidStateError, NotFoundError, ValidationError } from '../../errors.js';
import type { MultiPolicyStrategy } from '../../engine/lifecycle/index.js';
import { labelKeys } from '../datasets/repository.js';
import { requireDataset } from '../datasets/service.js';
import { requirePolicy } from '../policies/service.js';
import type { Scope } from '../scope.js';
import { versionIdsFor } from '../verdicts/decisions.js';
import type { BenchmarkDeps, RunConfig } from './deps.js';
import * as repo from './repository.js';
import { resolveBenchmarkRefs } from './resolve.js';

/** `startBenchmarkRun`'s input (DESIGN §7). */
export interface StartBenchmarkRunInput {
  readonly dataset: string;
  readonly policies: readonly string[];
  readonly effort?: 'LOW' | 'MEDIUM' | 'HIGH' | null;
  readonly strategy?: string | null;
  readonly repeats?: number | null;
  /** Policy slug → dataset label key; by default the key is the slug. */
  readonly labelMap?: unknown;
  readonly limit?: number | null;
}

const STRATEGIES: readonly MultiPolicyStrategy[] = ['combined', 'per-policy'];
const MAX_REPEATS = 10;

/** Queues a run of policy versions (DRAFT allowed) over the dataset's current version; it is QUEUED when returned. */
export async function startBenchmarkRun(scope: Scope, deps: BenchmarkDeps, input: StartBenchmarkRunInput): Promise<repo.BenchmarkRunRow> {
  const dataset = await requireDataset(scope, input.dataset);
  const versions = await resolveBenchmarkRefs(scope, input.policies);
  const keys = await labelKeys(scope.db, { tenantId: scope.tenantId, datasetId: dataset.id });
  const map = labelMapOf(input.labelMap);
  const labelKeyOf = Object.fromEntries(versions.map((v) => [v.id, map[v.slug] ?? v.slug]));
  const missing = Object.values(labelKeyOf).filter((key) => !keys.includes(key));
  if (missing.length > 0) throw new ValidationError(`dataset "${dataset.name}" has no label ${missing.map((k) => `"${k}"`).join(', ')}`, [{ path: 'labelMap', line: null, message: `labels: ${keys.join(', ') || 'none'}` }]);
  const config = runConfig(input, versions[0]!.default_effort, deps.strategy, labelKeyOf);
  const total = Math.min(dataset.version === 0 ? 0 : await countUpTo(scope, dataset.id, dataset.version), config.limit ?? Infinity) * config.repeats;
  if (total === 0) throw new ValidationError(`dataset "${dataset.name}" has no items`);
  return enqueueRun(scope, deps, { kind: 'BENCHMARK', dataset_id: dataset.id, dataset_version: dataset.version, policy_version_ids: versions.map((v) => v.id), config, total });
}

export function runConfig(input: { effort?: RunConfig['effort'] | null; strategy?: string | null; repeats?: number | null; limit?: number | null }, defaultEffort: RunConfig['effort'], defaultStrategy: MultiPolicyStrategy, labelKeys: Record<string, string>): RunConfig {
  const strategy = (input.strategy ?? defaultStrategy) as MultiPolicyStrategy;
  if (!STRATEGIES.includes(strategy)) throw new ValidationError('invalid strategy', [{ path: 'strategy', line: null, message: `one of ${STRATEGIES.join(', ')}` }]);
  const repeats = input.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > MAX_REPEATS) throw new ValidationError('invalid repeats', [{ path: 'repeats', line: null, message: `1 to ${MAX_REPEATS}` }]);
  if (input.limit != null && (!Number.isInteger(input.limit) || input.limit < 1)) throw new ValidationError('invalid limit', [{ path: 'limit', line: null, message: 'a positive integer' }]);
  return { effort: input.effort ?? defaultEffort, strategy, repeats, labelKeys, limit: input.limit ?? null };
}

function labelMapOf(value: unknown): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new ValidationError('invalid labelMap', [{ path: 'labelMap', line: null, message: 'an object of policy slug → label key, e.g. {"spam": "is_spam"}' }]);
  }
  return value as Record<string, string>;
}

async function countUpTo(scope: Scope, datasetId: string, version: number): Promise<number> {
  const row = await scope.db.selectFrom('dataset_items').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', scope.tenantId)
    .where('dataset_id', '=', datasetId).where('added_in_version', '<=', version).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts a QUEUED run and its job in one transaction, so a run exists exactly when its job does. */
export async function enqueueRun(scope: Scope, deps: BenchmarkDeps, args: { kind: 'BENCHMARK' | 'REPLAY'; dataset_id: string | null; dataset_version: number | null; policy_version_ids: string[]; config: RunConfig; total: number }): Promise<repo.BenchmarkRunRow> {
  const run = await scope.db.transaction().execute(async (trx) => {
    const row = await repo.insertRun(trx, {
      tenant_id: scope.tenantId, kind: args.kind, dataset_id: args.dataset_id, dataset_version: args.dataset_version, policy_version_ids: args.policy_version_ids,
      evaluator_config: JSON.stringify(args.config), status: 'QUEUED', total: args.total, created_by: scope.actor,
    });
    await deps.queue.enqueue(trx, { tenantId: scope.tenantId, runId: row.id });
    return row;
  });
  deps.queue.notify();
  return run;
}

/** QUEUED or RUNNING → CANCELLED; the worker stops between items. A finished run is INVALID_STATE. */
export async function cancelBenchmarkRun(scope: Scope, deps: BenchmarkDeps, id: string): Promise<repo.BenchmarkRunRow> {
  const run = await requireRun(scope, id);
  const cancelled = await repo.setRunStatus(scope.db, { tenantId: scope.tenantId, id, from: ['QUEUED', 'RUNNING'], set: { status: 'CANCELLED', finished_at: new Date() } });
  if (!cancelled) throw new InvalidStateError(`benchmark run ${id} is ${run.status}; only a QUEUED or RUNNING run can be cancelled`);
  deps.bus.publish({ tenantId: scope.tenantId, evaluationId: id, control: 'cancel' });
  deps.bus.publish({ tenantId: scope.tenantId, evaluationId: id, benchmark: { done: cancelled.done, status: cancelled.status } });
  return cancelled;
}

export const getRun = (scope: Scope, id: string) => repo.findRun(scope.db, { tenantId: scope.tenantId, id });

export async function requireRun(scope: Scope, id: string): Promise<repo.BenchmarkRunRow> {
  const run = await getRun(scope, id);
  if (!run) throw new NotFoundError('benchmark run', id);
  return run;
}

export async function listRuns(scope: Scope, policySlug: string | null, args: PageArgs): Promise<Page<repo.BenchmarkRunRow> & { totalCount: () => Promise<number> }> {
  const limit = pageSize(args);
  const ids = policySlug ? await versionIdsFor(scope.db, { tenantId: scope.tenantId, slug: (await requirePolicy(scope, policySlug)).slug }) : null;
  const rows = await repo.pageRuns(scope.db, { tenantId: scope.tenantId, policyVersionIds: ids, after: decodeCursor(args.after), limit: limit + 1 });
  const page = toPage(rows, limit, args.after, (row) => ({ key: new Date(row.created_at).toISOString(), id: row.id }));
  return { ...page, totalCount: () => repo.countRuns(scope.db, { tenantId: scope.tenantId, policyVersionIds: ids }) };
}

/** A page of a run's item results, optionally only those some policy got wrong. */
export async function runItemsPage(scope: Scope, runId: string, args: PageArgs & { mismatchedOnly?: boolean | null }) {
  const limit = pageSize(args, 50, 500);
  const mismatchedOnly = args.mismatchedOnly ?? false;
  const rows = await repo.pageItems(scope.db, { tenantId: scope.tenantId, runId, mismatchedOnly, after: decodeCursor(args.after), limit: limit + 1 });
  const page = toPage(rows, limit, args.after, (row) => ({ key: `${row.ordinal}/${row.repeat}`, id: row.id }));
  return { ...page, totalCount: () => repo.countItems(scope.db, { tenantId: scope.tenantId, runId, mismatchedOnly }) };
}
