// Adam with "lazy" sparse updates: only the coordinates a mini-batch touched move, which keeps an
// epoch proportional to the non-zeros instead of to the 2^18 buckets.

export interface AdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export const ADAM_DEFAULTS: Omit<AdamSettings, 'learningRate'> = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** One parameter tensor with its moment estimates. */
export interface AdamSlot {
  readonly params: Float32Array | Float64Array;
  readonly m: Float32Array | Float64Array;
  readonly v: Float32Array | Float64Array;
}

export function adamSlot(params: Float32Array | Float64Array): AdamSlot {
  const make = (n: number) => (params instanceof Float32Array ? new Float32Array(n) : new Float64Array(n));
  return { params, m: make(params.length), v: make(params.length) };
}

/** The step sizes of step `t` (1-based), bias correction folded in. */
export function adamRates(settings: AdamSettings, t: number): { readonly rate: number; readonly c2: number } {
  return { rate: settings.learningRate / (1 - settings.beta1 ** t), c2: 1 / (1 - settings.beta2 ** t) };
}

/** Moves coordinate `i` of `slot` against gradient `g`. */
export function adamUpdate(slot: AdamSlot, i: number, g: number, settings: AdamSettings, rates: ReturnType<typeof adamRates>): void {
  const m = settings.beta1 * slot.m[i]! + (1 - settings.beta1) * g;
  const v = settings.beta2 * slot.v[i]! + (1 - settings.beta2) * g * g;
  slot.m[i] = m;
  slot.v[i] = v;
  slot.params[i]! -= (rates.rate * m) / (Math.sqrt(v * rates.c2) + settings.epsilon);
}
