// The triage-onnx plugin: hashed n-gram features computed here, scored by an ONNX model.
export { triageOnnx } from './plugin.js';
export type { TriageOnnxOptions } from './plugin.js';
export { DEFAULT_FEATURE_CONFIG, extractFeatures, normalizeText } from './features.js';
export type { FeatureConfig, SparseVector } from './features.js';
export { packBatch, planRuns } from './batch.js';
export type { PackedBatch } from './batch.js';
export {
  INDICES_INPUT,
  MODEL_FORMAT,
  SCORE_OUTPUT,
  VALUES_INPUT,
  checkThresholds,
  metadataEntries,
  readModelMetadata,
} from './model-metadata.js';
export type { Thresholds, TriageModelMetadata } from './model-metadata.js';
