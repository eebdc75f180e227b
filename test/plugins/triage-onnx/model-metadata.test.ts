import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_CONFIG, metadataEntries, readModelMetadata, type FeatureConfig } from '../../../plugins/triage-onnx/index.js';
import { encodeModel } from '../../../plugins/triage-onnx/onnx-schema.js';

function modelWith(featureConfig: unknown): Uint8Array {
  const metadata = { featureConfig: featureConfig as FeatureConfig, thresholds: { safeBelow: 0.2, violatingAbove: 0.8 }, decisionThreshold: 0.5, labelKey: 'toxicity', ruleIds: [] };
  return encodeModel({
    ir_version: 7, opset_import: [{ domain: '', version: 13 }], producer_name: 'test', producer_version: '1',
    graph: { name: 'empty', node: [], initializer: [], input: [], output: [] },
    metadata_props: metadataEntries(metadata),
  });
}

const VERSION_1 = { version: 1, buckets: 4096, wordNgrams: [1, 2], charNgrams: [3, 5], tf: 'log', maxChars: 4096, seed: 1 };

describe('readModelMetadata', () => {
  it('reads version-1 recipes (text-wide character n-grams, no IDF) and version-2 ones', () => {
    expect(readModelMetadata(modelWith(VERSION_1)).featureConfig).toEqual(VERSION_1);
    expect(readModelMetadata(modelWith(DEFAULT_FEATURE_CONFIG)).featureConfig).toEqual(DEFAULT_FEATURE_CONFIG);
  });

  it('rejects a newer recipe version, and version-2 fields in a version-1 recipe, with INVALID_MODEL', () => {
    for (const config of [{ ...DEFAULT_FEATURE_CONFIG, version: 3 }, { ...VERSION_1, weighting: 'idf' }, { ...DEFAULT_FEATURE_CONFIG, charScope: 'line' }]) {
      expect(() => readModelMetadata(modelWith(config))).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    }
  });
});
