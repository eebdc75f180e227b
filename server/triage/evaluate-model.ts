import { extractFeatures } from '../../plugins/triage-onnx/features.js';
import { readModelMetadata, type Thresholds } from '../../plugins/triage-onnx/model-metadata.js';
import { openScoringSession } from '../../plugins/triage-onnx/session.js';
import { throwIfAborted } from '../../sdk/index.js';
import type { LabeledItem } from '../datasets/types.js';
import { TriageTrainingError } from './errors.js';
import { evaluateScores, type TriageMetrics } from './evaluate.js';

export interface EvaluateModelInput {
  /** The .onnx bytes of a triage model. */
  readonly model: Uint8Array;
  /** Labelled items; those without `labelKey` are left out. */
  readonly items: readonly LabeledItem[];
  readonly labelKey: string;
  /** Thresholds to judge instead of the model's calibrated ones. */
  readonly thresholds?: Thresholds;
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface ModelEvaluation {
  readonly metrics: TriageMetrics;
  readonly scores: Float32Array;
  readonly labels: Uint8Array;
}

/** Scores a labelled set with the model through onnxruntime (as the plugin does) and measures it. */
export async function evaluateModel(input: EvaluateModelInput): Promise<ModelEvaluation> {
  const metadata = readModelMetadata(input.model);
  const items = input.items.filter((item) => item.labels[input.labelKey] !== undefined);
  if (items.length === 0) throw new TriageTrainingError('NOT_ENOUGH_DATA', `no item has the label "${input.labelKey}"`);
  const batchSize = input.batchSize ?? 256;
  const scores = new Float32Array(items.length);
  const session = await openScoringSession(input.model, 1);
  try {
    for (let start = 0; start < items.length; start += batchSize) {
      if (input.signal) throwIfAborted(input.signal);
      const batch = items.slice(start, start + batchSize);
      scores.set(await session.score(batch.map((item) => extractFeatures(item.content, metadata.featureConfig))), start);
      input.onProgress?.(start + batch.length, items.length);
    }
  } finally {
    await session.release();
  }
  const labels = Uint8Array.from(items, (item) => item.labels[input.labelKey]!);
  const metrics = evaluateScores(scores, labels, input.thresholds ?? metadata.thresholds, metadata.decisionThreshold);
  return { metrics, scores, labels };
}
