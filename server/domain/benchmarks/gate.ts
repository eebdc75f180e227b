import type { Kysely, Transaction } from 'kysely';
import { parse } from 'yaml';
import type { Database, PolicyVersionRow } from '../../db/schema.js';
import { DomainError, ValidationError } from '../../errors.js';
import { isProblem, splitFrontMatter } from '../policies/document/front-matter.js';
import { findDatasetByName } from '../datasets/repository.js';
import { findPublishedVersion } from '../policies/repository.js';
import type { RunMetrics } from './metrics.js';
import { type BenchmarkRunRow, latestSucceededRun } from './repository.js';

/** Publish refused: no finished run of this version on the gate's dataset meets the gate. */
export class GateFailedError extends DomainError {
  constructor(message: string, readonly run: BenchmarkRunRow | null) {
    super('GATE_FAILED', message);
  }
}

/** Front matter `gate: { dataset, min_f1, max_f1_drop }`. */
export interface PublishGate { readonly dataset: string; readonly minF1: number | null; readonly maxF1Drop: number | null }

/** The version's gate, or null when its front matter has none; a malformed gate is VALIDATION_FAILED. */
export function readGate(content: string): PublishGate | null {
  const split = splitFrontMatter(content);
  if (isProblem(split)) return null;
  const gate = (parse(split.yaml) as { gate?: unknown } | null)?.gate;
  if (gate === undefined || gate === null) return null;
  const g = gate as Record<string, unknown>;
  const unit = (v: unknown) => v === undefined || v === null || (typeof v === 'number' && v >= 0 && v <= 1);
  if (typeof gate !== 'object' || typeof g.dataset !== 'string' || !unit(g.min_f1) || !unit(g.max_f1_drop)) {
    throw new ValidationError('invalid gate', [{ path: 'gate', line: null, message: 'gate: { dataset: NAME, min_f1: 0..1, max_f1_drop: 0..1 }' }]);
  }
  return { dataset: g.dataset, minF1: (g.min_f1 as number | undefined) ?? null, maxF1Drop: (g.max_f1_drop as number | undefined) ?? null };
}

const f1Of = (run: BenchmarkRunRow, versionId: string): number | null =>
  (run.metrics as unknown as RunMetrics | null)?.policies.find((p) => p.policyVersionId === versionId)?.f1 ?? null;

/**
 * Throws GATE_FAILED unless a SUCCEEDED run of `version` on the gate dataset's current version
 * reaches `min_f1` and, with `max_f1_drop`, is at most that much below the published version's last run.
 */
export async function checkPublishGate(db: Kysely<Database> | Transaction<Database>, version: PolicyVersionRow): Promise<void> {
  const gate = readGate(version.content);
  if (!gate) return;
  const tenantId = version.tenant_id;
  const dataset = await findDatasetByName(db, { tenantId, name: gate.dataset });
  if (!dataset) throw new GateFailedError(`the gate's dataset "${gate.dataset}" does not exist`, null);
  const run = await latestSucceededRun(db, { tenantId, policyVersionId: version.id, datasetId: dataset.id, datasetVersion: dataset.version });
  if (!run) throw new GateFailedError(`no finished run of v${version.version} on dataset "${gate.dataset}" v${dataset.version}: start one with startBenchmarkRun`, null);
  const f1 = f1Of(run, version.id) ?? 0;
  if (gate.minF1 !== null && f1 < gate.minF1) throw new GateFailedError(`F1 ${f1.toFixed(4)} is below the gate's min_f1 ${gate.minF1}`, run);
  if (gate.maxF1Drop === null) return;
  const published = await findPublishedVersion(db, { tenantId, policyId: version.policy_id });
  const baseline = published ? await latestSucceededRun(db, { tenantId, policyVersionId: published.id, datasetId: dataset.id }) : undefined;
  const baseF1 = baseline && published ? f1Of(baseline, published.id) : null;
  if (baseF1 !== null && f1 < baseF1 - gate.maxF1Drop) {
    throw new GateFailedError(`F1 ${f1.toFixed(4)} is more than max_f1_drop ${gate.maxF1Drop} below the published v${published!.version}'s ${baseF1.toFixed(4)}`, run);
  }
}

/** The gate check `publishPolicyVersion` calls first: a missing or non-DRAFT version is left to its own errors. */
export async function checkPublishGateFor(scope: { readonly db: Kysely<Database>; readonly tenantId: string }, versionId: string): Promise<void> {
  const version = await scope.db.selectFrom('policy_versions').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', versionId).executeTakeFirst();
  if (version?.status === 'DRAFT') await checkPublishGate(scope.db, version);
}
