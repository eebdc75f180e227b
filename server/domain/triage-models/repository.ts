import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, TriageModelsTable } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
type Scope = { readonly tenantId: string };
export type TriageModelRow = Selectable<TriageModelsTable>;

/** Columns listed without the model bytes, which only the engine loads. */
const SUMMARY = ['id', 'tenant_id', 'policy_id', 'policy_version_id', 'version', 'status', 'active', 'training_source', 'onnx_sha256',
  'feature_config', 'thresholds', 'metrics', 'error', 'created_at', 'finished_at'] as const;
export type TriageModelSummary = Omit<TriageModelRow, 'onnx'>;

/** Starts a model row in TRAINING with the next version number of its policy. */
export async function insertTrainingModel(trx: Transaction<Database>, args: Scope & { readonly policyId: string; readonly policyVersionId: string; readonly source: unknown }): Promise<TriageModelSummary> {
  await trx.selectFrom('policies').select('id').where('id', '=', args.policyId).forUpdate().execute();
  const last = await trx.selectFrom('triage_models').select((eb) => eb.fn.max('version').as('version')).where('policy_id', '=', args.policyId).executeTakeFirst();
  return trx.insertInto('triage_models').values({
    id: randomUUID(), tenant_id: args.tenantId, policy_id: args.policyId, policy_version_id: args.policyVersionId,
    version: Number(last?.version ?? 0) + 1, status: 'TRAINING', training_source: JSON.stringify(args.source),
  }).returning(SUMMARY).executeTakeFirstOrThrow();
}

export function completeModel(db: Db, args: Scope & { readonly id: string; readonly onnx: Uint8Array; readonly sha256: string; readonly featureConfig: unknown; readonly thresholds: unknown; readonly metrics: unknown }): Promise<TriageModelSummary> {
  return db.updateTable('triage_models').set({
    status: 'READY', onnx: args.onnx, onnx_sha256: args.sha256, feature_config: JSON.stringify(args.featureConfig),
    thresholds: JSON.stringify(args.thresholds), metrics: JSON.stringify(args.metrics), finished_at: new Date(),
  }).where('tenant_id', '=', args.tenantId).where('id', '=', args.id).returning(SUMMARY).executeTakeFirstOrThrow();
}

export async function failModel(db: Db, args: Scope & { readonly id: string; readonly error: string }): Promise<void> {
  await db.updateTable('triage_models').set({ status: 'FAILED', error: args.error, finished_at: new Date() })
    .where('tenant_id', '=', args.tenantId).where('id', '=', args.id).execute();
}

/** Training runs a process lost (it stopped mid-training) are FAILED, not left TRAINING forever. */
export async function failInterruptedModels(db: Db): Promise<void> {
  await db.updateTable('triage_models').set({ status: 'FAILED', error: 'interrupted: the process stopped while training', finished_at: new Date() })
    .where('status', '=', 'TRAINING').execute();
}

export function findModel(db: Db, args: Scope & { readonly id: string }): Promise<TriageModelSummary | undefined> {
  return db.selectFrom('triage_models').select(SUMMARY).where('tenant_id', '=', args.tenantId).where('id', '=', args.id).executeTakeFirst();
}

export function listModels(db: Db, args: Scope & { readonly policyId: string | null }): Promise<TriageModelSummary[]> {
  let query = db.selectFrom('triage_models').select(SUMMARY).where('tenant_id', '=', args.tenantId);
  if (args.policyId) query = query.where('policy_id', '=', args.policyId);
  return query.orderBy('created_at', 'desc').orderBy('version', 'desc').execute();
}

/** Makes `id` its policy's only active model (or deactivates it), in one statement. */
export async function setActive(db: Db, args: Scope & { readonly id: string; readonly policyId: string; readonly active: boolean }): Promise<void> {
  await db.updateTable('triage_models').set({ active: args.active ? sql<boolean>`id = ${args.id}` : false })
    .where('tenant_id', '=', args.tenantId).where('policy_id', '=', args.policyId)
    .where((eb) => (args.active ? eb.val(true) : eb('id', '=', args.id))).execute();
}

/** The active model of a policy, bytes included (for the engine). */
export function findActiveModel(db: Db, args: Scope & { readonly policyId: string }): Promise<Pick<TriageModelRow, 'id' | 'onnx' | 'onnx_sha256' | 'policy_version_id'> | undefined> {
  return db.selectFrom('triage_models').select(['id', 'onnx', 'onnx_sha256', 'policy_version_id']).where('tenant_id', '=', args.tenantId)
    .where('policy_id', '=', args.policyId).where('active', '=', true).where('status', '=', 'READY').executeTakeFirst();
}
