import type { Kysely } from 'kysely';
import type { TriageEvaluator } from '../../sdk/index.js';
import { triageOnnx } from '../../plugins/triage-onnx/index.js';
import type { Database } from '../db/schema.js';
import { findActiveModel } from '../domain/triage-models/repository.js';

/** How long an answer about a policy's active model is trusted before the database is asked again. */
const RECHECK_MS = 2_000;

/**
 * The active ONNX classifier of each policy, loaded once per model and reused across jobs.
 * Activation changes made by any process are seen within a couple of seconds.
 */
export interface ClassifierCache {
  forPolicy(args: { readonly tenantId: string; readonly policyId: string }): Promise<TriageEvaluator | null>;
  dispose(): Promise<void>;
}

export function createClassifierCache(db: Kysely<Database>): ClassifierCache {
  const byModel = new Map<string, Promise<TriageEvaluator>>();
  const byPolicy = new Map<string, { modelId: string | null; checkedAt: number }>();
  const load = (id: string, onnx: Uint8Array) => {
    let evaluator = byModel.get(id);
    if (!evaluator) {
      const created = triageOnnx({ model: onnx, name: 'triage-onnx' });
      evaluator = created.setup!().then(() => created);
      evaluator.catch(() => byModel.delete(id));
      byModel.set(id, evaluator);
    }
    return evaluator;
  };
  return {
    async forPolicy({ tenantId, policyId }) {
      const known = byPolicy.get(policyId);
      if (known && Date.now() - known.checkedAt < RECHECK_MS) return known.modelId ? (byModel.get(known.modelId) ?? null) : null;
      const active = await findActiveModel(db, { tenantId, policyId });
      byPolicy.set(policyId, { modelId: active?.id ?? null, checkedAt: Date.now() });
      return active?.onnx ? load(active.id, active.onnx) : null;
    },
    async dispose() {
      for (const evaluator of byModel.values()) await (await evaluator.catch(() => null))?.dispose?.();
      byModel.clear();
    },
  };
}
