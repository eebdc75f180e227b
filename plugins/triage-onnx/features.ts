// Hashed n-gram features, shared by training (server/triage) and inference (this plugin): the ONNX
// model only sees bucket indices and weights, so both sides must build them with this one file.
import { bucketCounter } from './bucket-counter.js';
import { scanTokens, type TokenSpans } from './tokens.js';

/** How text becomes a sparse vector; stored in the model's metadata so inference rebuilds it. */
export interface FeatureConfig {
  /**
   * Bumped when the hashing scheme changes, so an old plugin refuses a newer model instead of
   * misreading it. Version 2 added `charScope` and `weighting`; version 1 means `text` and `none`.
   */
  readonly version: 1 | 2;
  /** Number of hash buckets, a power of two. */
  readonly buckets: number;
  /** Word n-gram sizes, inclusive range; `[0, 0]` turns word features off. */
  readonly wordNgrams: readonly [number, number];
  /** Character n-gram sizes, inclusive range; `[0, 0]` turns character features off. */
  readonly charNgrams: readonly [number, number];
  /** `log` = 1 + ln(count), `binary` = 1 per present bucket; then L2-normalised (see `weighting`). */
  readonly tf: 'log' | 'binary';
  /** Text past this many characters is ignored, which bounds latency on huge inputs. */
  readonly maxChars: number;
  /** Hash seed; changing it changes every bucket. */
  readonly seed: number;
  /**
   * `word`: character n-grams inside each token, between space markers (" how ", " ho", …), so
   * a word's pieces do not depend on its neighbours; `text`: across the whole text. Default `text`.
   */
  readonly charScope?: 'text' | 'word';
  /**
   * `idf`: values are the raw term frequencies; the model holds one IDF weight per bucket (from its
   * training items) and L2-normalises after weighting, in its graph. `none`: values are
   * L2-normalised here. Default `none`.
   */
  readonly weighting?: 'none' | 'idf';
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  version: 2,
  buckets: 1 << 18,
  wordNgrams: [1, 2],
  charNgrams: [2, 5],
  tf: 'log',
  maxChars: 4096,
  seed: 0x2545f491,
  charScope: 'word',
  weighting: 'idf',
};

/** A sparse feature vector: `values[i]` is the weight of bucket `indices[i]`; buckets are distinct. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

const SPACES = /\s+/gu;
const ASCII = /^[\x00-\x7f]*$/;

/** Lower-cased NFKC text with whitespace runs folded to one space, cut at `maxChars`. */
export function normalizeText(text: string, maxChars: number): string {
  const head = text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text;
  // NFKC leaves ASCII as it is; the test is much cheaper than normalising.
  const composed = ASCII.test(head) ? head : head.normalize('NFKC');
  const folded = composed.toLowerCase().replace(SPACES, ' ').trim();
  return folded.length > maxChars ? folded.slice(0, maxChars) : folded;
}

/** The sparse feature vector of one text. Deterministic for a given config, in any language. */
export function extractFeatures(text: string, config: FeatureConfig): SparseVector {
  const counter = bucketCounter(config.buckets);
  const normalized = normalizeText(text, config.maxChars);
  const tokens = scanTokens(normalized);
  const [min, max] = config.charNgrams;
  if (max > 0) {
    const seed = mix(config.seed ^ 0x63686172);
    if (config.charScope !== 'word') hashCharNgrams(normalized, 0, normalized.length, min, max, seed, counter.add);
    else for (let k = 0; k < tokens.count; k++) hashCharNgrams(normalized, tokens.starts[k]!, tokens.ends[k]!, min, max, seed, counter.add);
  }
  hashWordNgrams(normalized, tokens, config, counter.add);
  return counter.take(config.tf, config.weighting !== 'idf');
}

type Emit = (hash: number) => void;

/** Character n-grams of `" " + text.slice(from, to) + " "`, the spaces read virtually (no copy). */
function hashCharNgrams(text: string, from: number, to: number, min: number, max: number, seed: number, emit: Emit): void {
  const length = to - from + 2;
  for (let start = 0; start + min <= length; start++) {
    let h = seed;
    const end = Math.min(length, start + max);
    for (let i = start; i < end; i++) {
      const unit = i === 0 || i === length - 1 ? 32 : text.charCodeAt(from + i - 1);
      h = Math.imul(h ^ unit, 0x01000193);
      // The length is mixed in so a 3-gram and the 4-gram it starts do not share a hash stream;
      // the golden-ratio multiply moves FNV's well-mixed bits to the top, where buckets are read.
      if (i - start + 1 >= min) emit(Math.imul(h ^ (i - start + 1), 0x9e3779b1));
    }
  }
}

let wordHashes = new Int32Array(256);

function hashWordNgrams(text: string, tokens: TokenSpans, config: FeatureConfig, emit: Emit): void {
  const [min, max] = config.wordNgrams;
  if (max <= 0) return;
  const seed = mix(config.seed ^ 0x776f7264);
  if (wordHashes.length < tokens.count) wordHashes = new Int32Array(tokens.count * 2);
  let words = 0;
  for (let k = 0; k < tokens.count; k++) {
    if (tokens.word[k] === 0) continue;
    let h = seed;
    for (let i = tokens.starts[k]!; i < tokens.ends[k]!; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    wordHashes[words++] = mix(h);
  }
  for (let w = 0; w < words; w++) {
    let h = seed;
    for (let n = 1; n <= max && w + n <= words; n++) {
      h = mix(Math.imul(h, 0x01000193) ^ wordHashes[w + n - 1]!);
      if (n >= min) emit(mix(h ^ (n << 8)));
    }
  }
}

/** murmur3's finaliser: FNV alone leaves the low bits (the bucket) poorly mixed. */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
