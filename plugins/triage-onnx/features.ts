// Hashed n-gram features, shared by training (server/triage) and inference (this plugin): the ONNX
// model only sees bucket indices and weights, so both sides must build them with this one file.
import { bucketCounter } from './bucket-counter.js';

/** How text becomes a sparse vector; stored in the model's metadata so inference rebuilds it. */
export interface FeatureConfig {
  /** Bumped when the hashing scheme changes, so an old model is refused instead of misread. */
  readonly version: 1;
  /** Number of hash buckets, a power of two. */
  readonly buckets: number;
  /** Word n-gram sizes, inclusive range; `[0, 0]` turns word features off. */
  readonly wordNgrams: readonly [number, number];
  /** Character n-gram sizes, inclusive range; `[0, 0]` turns character features off. */
  readonly charNgrams: readonly [number, number];
  /** `log` = 1 + ln(count), `binary` = 1 per present bucket; L2-normalised either way. */
  readonly tf: 'log' | 'binary';
  /** Text past this many characters is ignored, which bounds latency on huge inputs. */
  readonly maxChars: number;
  /** Hash seed; changing it changes every bucket. */
  readonly seed: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  version: 1,
  buckets: 1 << 18,
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  tf: 'log',
  maxChars: 4096,
  seed: 0x2545f491,
};

/** A sparse feature vector: `values[i]` is the weight of bucket `indices[i]`; buckets are distinct. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const SPACES = /\s+/gu;

/** Lower-cased NFKC text with whitespace runs folded to one space, cut at `maxChars`. */
export function normalizeText(text: string, maxChars: number): string {
  const head = text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text;
  const folded = head.normalize('NFKC').toLowerCase().replace(SPACES, ' ').trim();
  return folded.length > maxChars ? folded.slice(0, maxChars) : folded;
}

/** The sparse feature vector of one text. Deterministic for a given config, in any language. */
export function extractFeatures(text: string, config: FeatureConfig): SparseVector {
  const counter = bucketCounter(config.buckets);
  const normalized = normalizeText(text, config.maxChars);
  hashCharNgrams(` ${normalized} `, config, counter.add);
  hashWordNgrams(normalized, config, counter.add);
  return counter.take(config.tf);
}

type Emit = (hash: number) => void;

function hashCharNgrams(text: string, config: FeatureConfig, emit: Emit): void {
  const [min, max] = config.charNgrams;
  if (max <= 0) return;
  const seed = mix(config.seed ^ 0x63686172);
  for (let start = 0; start + min <= text.length; start++) {
    let h = seed;
    const end = Math.min(text.length, start + max);
    for (let i = start; i < end; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      // The length is mixed in so a 3-gram and the 4-gram it starts do not share a hash stream;
      // the golden-ratio multiply moves FNV's well-mixed bits to the top, where buckets are read.
      if (i - start + 1 >= min) emit(Math.imul(h ^ (i - start + 1), 0x9e3779b1));
    }
  }
}

function hashWordNgrams(text: string, config: FeatureConfig, emit: Emit): void {
  const [min, max] = config.wordNgrams;
  if (max <= 0) return;
  const words = text.match(WORD) ?? [];
  const seed = mix(config.seed ^ 0x776f7264);
  const hashes = new Int32Array(words.length);
  for (let w = 0; w < words.length; w++) hashes[w] = stringHash(words[w]!, seed);
  for (let w = 0; w < words.length; w++) {
    let h = seed;
    for (let n = 1; n <= max && w + n <= words.length; n++) {
      h = mix(Math.imul(h, 0x01000193) ^ hashes[w + n - 1]!);
      if (n >= min) emit(mix(h ^ (n << 8)));
    }
  }
}

function stringHash(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix(h);
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
