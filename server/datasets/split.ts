import { createRandom } from '../triage/random.js';

export interface SplitOptions<T> {
  readonly seed: number;
  /** Fraction of items for validation, in [0, 1). */
  readonly validation: number;
  /** Fraction of items for test, in [0, 1). */
  readonly test?: number;
  /** Items with the same key are split separately, so rare labels reach every part. */
  readonly stratify?: (item: T) => string | number;
}

export interface DatasetSplit<T> {
  readonly train: T[];
  readonly validation: T[];
  readonly test: T[];
}

/** A deterministic seeded split; each part keeps the input order. */
export function splitDataset<T>(items: readonly T[], options: SplitOptions<T>): DatasetSplit<T> {
  const test = options.test ?? 0;
  if (!(options.validation >= 0 && test >= 0 && options.validation + test < 1)) {
    throw new RangeError('validation and test fractions must be non-negative and sum to less than 1');
  }
  const random = createRandom(options.seed);
  const strata = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = String(options.stratify?.(item) ?? '');
    const stratum = strata.get(key);
    if (stratum) stratum.push(index);
    else strata.set(key, [index]);
  });
  const part = new Uint8Array(items.length); // 0 train, 1 validation, 2 test
  for (const key of [...strata.keys()].sort()) {
    const indices = random.shuffle(strata.get(key)!);
    const nTest = Math.round(indices.length * test);
    const nValidation = Math.round(indices.length * options.validation);
    indices.forEach((index, k) => (part[index] = k < nTest ? 2 : k < nTest + nValidation ? 1 : 0));
  }
  const split: DatasetSplit<T> = { train: [], validation: [], test: [] };
  items.forEach((item, index) => [split.train, split.validation, split.test][part[index]!]!.push(item));
  return split;
}
