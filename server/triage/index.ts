// Triage model training: pure functions from labelled items to a calibrated ONNX classifier.
export { trainTriageModel, featurise } from './train.js';
export type { TrainTriageModelInput, TrainTriageModelResult, TrainingProgress } from './train.js';
export { DEFAULT_TRAINING, resolveSettings } from './options.js';
export type { NetworkSpec, TrainingOverrides, TrainingSettings } from './options.js';
export { calibrate, triageOutcome } from './calibrate.js';
export type { Calibration, CalibrateOptions, TriageOutcome } from './calibrate.js';
export { evaluateScores } from './evaluate.js';
export { evaluateModel } from './evaluate-model.js';
export type { EvaluateModelInput, ModelEvaluation } from './evaluate-model.js';
export type { TriageMetrics } from './evaluate.js';
export { auroc, averagePrecision, bestF1Threshold, binaryMetrics, prCurve } from './metrics.js';
export type { BinaryMetrics, PrPoint } from './metrics.js';
export { scoreVector, scoreVectors } from './network.js';
export type { LogisticNetwork, MlpNetwork, TriageNetwork } from './network.js';
export { exportOnnx } from './onnx-export.js';
export { createRandom } from './random.js';
export type { Random } from './random.js';
export { TriageTrainingError } from './errors.js';
