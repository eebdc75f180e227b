import type { FeatureConfig, SparseVector } from './features.js';

/** Counts hashed n-grams into buckets and turns the counts into a sparse vector. */
export interface BucketCounter {
  add(hash: number): void;
  /** The term frequencies, L2-normalised unless `normalize` is false (the model then normalises). */
  take(tf: FeatureConfig['tf'], normalize?: boolean): SparseVector;
}

const counters = new Map<number, BucketCounter>();
/** Counts saturate here (no real text comes close): 16-bit counts keep the scratch array in cache. */
const MAX_COUNT = 0xffff;
/** 1 + ln(count) for small counts: a table lookup is several times cheaper than Math.log. */
const LOG_TF = Float64Array.from({ length: 256 }, (_, count) => (count === 0 ? 0 : 1 + Math.log(count)));

// One dense scratch array per bucket count, reused across calls (the work is synchronous), so
// counting costs no allocation or hashing beyond the n-grams themselves.
export function bucketCounter(buckets: number): BucketCounter {
  const cached = counters.get(buckets);
  if (cached) return cached;
  if (!Number.isInteger(Math.log2(buckets))) throw new RangeError(`buckets must be a power of two, got ${buckets}`);
  const counts = new Uint16Array(buckets);
  const shift = 32 - Math.log2(buckets);
  let touched: Int32Array = new Int32Array(1024);
  let size = 0;
  const counter: BucketCounter = {
    add(hash) {
      // The top bits: callers' hashes end in a multiply, which mixes upwards.
      const bucket = shift === 32 ? 0 : hash >>> shift;
      if (counts[bucket] === 0) {
        if (size === touched.length) touched = grow(touched);
        touched[size++] = bucket;
      }
      if (counts[bucket] !== MAX_COUNT) counts[bucket]!++;
    },
    take(tf, normalize = true) {
      const indices = touched.slice(0, size);
      const values = new Float32Array(size);
      let norm = 0;
      for (let i = 0; i < size; i++) {
        const count = counts[indices[i]!]!;
        counts[indices[i]!] = 0;
        const value = tf === 'binary' ? 1 : count < LOG_TF.length ? LOG_TF[count]! : 1 + Math.log(count);
        values[i] = value;
        norm += value * value;
      }
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      if (normalize) for (let i = 0; i < size; i++) values[i]! *= scale;
      size = 0;
      return { indices, values };
    },
  };
  counters.set(buckets, counter);
  return counter;
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
