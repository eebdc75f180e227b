/** A seeded pseudo-random source; the same seed gives the same sequence on every platform. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, bound). */
  int(bound: number): number;
  /** A standard normal sample. */
  normal(): number;
  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T>(array: T[]): T[];
}

/** mulberry32: small, fast and good enough for shuffling and weight initialisation. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (bound: number): number => Math.floor(next() * bound);
  return {
    next,
    int,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    shuffle(array) {
      for (let i = array.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [array[i], array[j]] = [array[j]!, array[i]!];
      }
      return array;
    },
  };
}
