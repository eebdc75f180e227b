import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_CONFIG, extractFeatures, normalizeText, packBatch, planRuns, type FeatureConfig } from '../../../plugins/triage-onnx/index.js';

const config: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, buckets: 1 << 12 };
/** The version-1 recipe: character n-grams across the text, L2-normalised here. */
const textScoped: FeatureConfig = { ...config, version: 1, charNgrams: [3, 5], charScope: undefined, weighting: undefined };
const dense = (text: string, c = config) => {
  const { indices, values } = extractFeatures(text, c);
  const map = new Map<number, number>();
  indices.forEach((index, k) => map.set(index, values[k]!));
  return map;
};
const norm = (values: Float32Array) => Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));

describe('normalizeText', () => {
  it('applies NFKC, lower-cases, folds whitespace and cuts at maxChars', () => {
    expect(normalizeText('  ＨＥＬＬＯ\t\n Wörld ﬁ  ', 100)).toBe('hello wörld fi');
    expect(normalizeText('abcdefgh', 5)).toBe('abcde');
  });
});

describe('extractFeatures', () => {
  it('is deterministic, with distinct buckets and unit L2 norm when the model does not weigh them', () => {
    for (const c of [config, textScoped]) {
      const a = extractFeatures('You are a complete idiot.', c);
      expect(a).toEqual(extractFeatures('You are a complete idiot.', c));
      expect(new Set(a.indices).size).toBe(a.indices.length);
      for (const index of a.indices) expect(index >= 0 && index < config.buckets).toBe(true);
    }
    expect(norm(extractFeatures('You are a complete idiot.', textScoped).values)).toBeCloseTo(1, 6);
    expect(norm(extractFeatures('You are a complete idiot.', { ...config, weighting: 'none' }).values)).toBeCloseTo(1, 6);
  });

  it('leaves raw log term frequencies for a model that weighs them by IDF', () => {
    const { values } = extractFeatures('spam spam spam spam', { ...config, charNgrams: [0, 0] });
    expect([...values].sort()).toEqual([1 + Math.log(3), 1 + Math.log(4)].map(Math.fround)); // "spam spam" ×3, "spam" ×4
  });

  it('scopes character n-grams to each token, between space markers, or to the whole text', () => {
    const chars = { ...config, wordNgrams: [0, 0], charNgrams: [3, 3] } as const;
    // " ab", "ab ", " cd", "cd " against " ab", "ab ", "b c", " cd", "cd "
    expect(extractFeatures('ab cd', { ...chars, charScope: 'word' }).indices.length).toBe(4);
    expect(extractFeatures('ab cd', { ...chars, charScope: 'text' }).indices.length).toBe(5);
    // punctuation and emoji runs are tokens of their own: " !!", "!! ", " id", "idi", …
    expect(dense('idiot!!', { ...chars, charScope: 'word' })).toEqual(dense('idiot !!', { ...chars, charScope: 'word' }));
  });

  it('gives the same vector to texts that differ only by width, case or spacing', () => {
    expect(dense('ＩＤＩＯＴ   Moron')).toEqual(dense('idiot moron'));
  });

  it('produces features for any script', () => {
    for (const text of ['你是个白痴', 'أنت أحمق', 'Ты идиот', '🤬🤬🤬']) {
      expect(extractFeatures(text, config).indices.length).toBeGreaterThan(0);
    }
  });

  it('gives an empty vector for empty or blank text', () => {
    expect(extractFeatures('   ', config)).toEqual({ indices: new Int32Array(0), values: new Float32Array(0) });
  });

  it('counts repeats with log term frequency, and ignores them with binary', () => {
    const log = extractFeatures('spam spam spam spam', config);
    const binary = extractFeatures('spam spam spam spam', { ...config, tf: 'binary' });
    expect(new Set(log.values).size).toBeGreaterThan(1);
    expect(new Set(binary.values).size).toBe(1);
  });

  it('changes every bucket with the seed and honours the n-gram ranges', () => {
    const wordsOnly = extractFeatures('one two, three', { ...config, charNgrams: [0, 0] });
    expect(wordsOnly.indices.length).toBe(5); // three words, two bigrams (punctuation is not a word)
    const reseeded = extractFeatures('one two, three', { ...config, charNgrams: [0, 0], seed: 7 });
    expect(reseeded.indices).not.toEqual(wordsOnly.indices);
    expect(extractFeatures('abcd', { ...textScoped, wordNgrams: [0, 0], charNgrams: [3, 3] }).indices.length).toBe(4); // " ab","abc","bcd","cd "
  });

  it('rejects a bucket count that is not a power of two', () => {
    expect(() => extractFeatures('x', { ...config, buckets: 1000 })).toThrow(RangeError);
  });
});

describe('packBatch', () => {
  it('pads rows to the longest vector with bucket 0 and weight 0', () => {
    const packed = packBatch([
      { indices: Int32Array.of(5, 9), values: Float32Array.of(0.6, 0.8) },
      { indices: Int32Array.of(3), values: Float32Array.of(1) },
      { indices: new Int32Array(0), values: new Float32Array(0) },
    ]);
    expect(packed).toEqual({
      rows: 3,
      width: 2,
      indices: Int32Array.of(5, 9, 3, 0, 0, 0),
      values: Float32Array.of(0.6, 0.8, 1, 0, 0, 0),
    });
  });
});

describe('planRuns', () => {
  it('groups similar lengths, shortest first, and keeps a long outlier out of the short run', () => {
    expect(planRuns([500, 3, 480, 9000, 5, 510])).toEqual([[1, 4, 2, 0, 5], [3]]);
  });

  it('covers every position once and caps a run at 256 rows', () => {
    const runs = planRuns(Array.from({ length: 600 }, () => 10));
    expect(runs.map((run) => run.length)).toEqual([256, 256, 88]);
    expect(runs.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 600 }, (_, i) => i));
  });
});
