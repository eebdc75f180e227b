// What a triage model carries besides its weights: the feature recipe, the calibrated thresholds
// and what it was trained for, as ONNX `metadata_props`, so the .onnx file alone is enough to serve.
import { EvaluatorError } from '../../sdk/index.js';
import { decodeMetadataProps, type OnnxEntry } from './onnx-schema.js';
import type { FeatureConfig } from './features.js';

/** Graph input: int32 [batch, width] bucket indices (padding uses bucket 0 with value 0). */
export const INDICES_INPUT = 'feature_indices';
/** Graph input: float [batch, width] feature values matching {@link INDICES_INPUT}. */
export const VALUES_INPUT = 'features';
/** Graph output: float [batch] probability of a violation. */
export const SCORE_OUTPUT = 'score';
export const MODEL_FORMAT = 'arbiter-triage/1';

/** Score cut-offs: below `safeBelow` clear-safe, above `violatingAbove` clear-violating. */
export interface Thresholds {
  readonly safeBelow: number;
  readonly violatingAbove: number;
}

export interface TriageModelMetadata {
  readonly featureConfig: FeatureConfig;
  readonly thresholds: Thresholds;
  /** The single cut-off that maximised F1 on the validation split. */
  readonly decisionThreshold: number;
  /** The dataset label the model predicts (e.g. `toxicity`). */
  readonly labelKey: string;
  /** Policy rule ids a VIOLATING score points at. */
  readonly ruleIds: readonly string[];
}

const KEYS = {
  format: 'arbiter.format',
  features: 'arbiter.features',
  thresholds: 'arbiter.thresholds',
  decisionThreshold: 'arbiter.decision_threshold',
  labelKey: 'arbiter.label',
  ruleIds: 'arbiter.rule_ids',
} as const;

/** The `metadata_props` entries describing a model. */
export function metadataEntries(metadata: TriageModelMetadata): OnnxEntry[] {
  return [
    { key: KEYS.format, value: MODEL_FORMAT },
    { key: KEYS.features, value: JSON.stringify(metadata.featureConfig) },
    { key: KEYS.thresholds, value: JSON.stringify(metadata.thresholds) },
    { key: KEYS.decisionThreshold, value: String(metadata.decisionThreshold) },
    { key: KEYS.labelKey, value: metadata.labelKey },
    { key: KEYS.ruleIds, value: JSON.stringify(metadata.ruleIds) },
  ];
}

/** Reads a model's metadata; throws `INVALID_MODEL` when the bytes are not an Arbiter triage model. */
export function readModelMetadata(model: Uint8Array): TriageModelMetadata {
  let entries: OnnxEntry[];
  try {
    entries = decodeMetadataProps(model);
  } catch (cause) {
    throw new EvaluatorError('INVALID_MODEL', 'the model bytes are not an ONNX ModelProto', { cause });
  }
  const props = new Map(entries.map((e) => [e.key, e.value]));
  if (props.get(KEYS.format) !== MODEL_FORMAT) {
    throw new EvaluatorError('INVALID_MODEL', `the model has no "${KEYS.format}: ${MODEL_FORMAT}" metadata`);
  }
  try {
    return {
      featureConfig: checkFeatureConfig(JSON.parse(props.get(KEYS.features) ?? 'null')),
      thresholds: checkThresholds(JSON.parse(props.get(KEYS.thresholds) ?? 'null')),
      decisionThreshold: Number(props.get(KEYS.decisionThreshold) ?? 0.5),
      labelKey: props.get(KEYS.labelKey) ?? '',
      ruleIds: JSON.parse(props.get(KEYS.ruleIds) ?? '[]') as string[],
    };
  } catch (cause) {
    throw new EvaluatorError('INVALID_MODEL', `the model metadata is malformed: ${(cause as Error).message}`, { cause });
  }
}

/** Checks thresholds are ordered numbers in [0, 1]; throws a TypeError otherwise. */
export function checkThresholds(value: unknown): Thresholds {
  const t = value as Thresholds | null;
  const ok = t !== null && typeof t === 'object' && inUnit(t.safeBelow) && inUnit(t.violatingAbove);
  if (!ok || t.safeBelow > t.violatingAbove) throw new TypeError(`invalid thresholds ${JSON.stringify(value)}`);
  return { safeBelow: t.safeBelow, violatingAbove: t.violatingAbove };
}

function checkFeatureConfig(value: unknown): FeatureConfig {
  const c = value as FeatureConfig | null;
  if (c === null || typeof c !== 'object' || (c.version !== 1 && c.version !== 2)) throw new TypeError('unknown feature config version');
  const pairs = [c.wordNgrams, c.charNgrams].every((p) => Array.isArray(p) && p.length === 2);
  const v2 = c.version === 1
    ? c.charScope === undefined && c.weighting === undefined
    : ['text', 'word', undefined].includes(c.charScope) && ['none', 'idf', undefined].includes(c.weighting);
  if (!pairs || !v2 || !Number.isInteger(Math.log2(c.buckets)) || !(c.maxChars > 0) || !['log', 'binary'].includes(c.tf)) {
    throw new TypeError(`invalid feature config ${JSON.stringify(value)}`);
  }
  return c;
}

function inUnit(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}
