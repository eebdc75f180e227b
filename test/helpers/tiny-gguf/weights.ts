import type { TinyVocab } from './vocab.js';

/**
 * Hand-set weights of a one-layer llama that plays a fixed harmony script.
 *
 * The residual stream mostly carries the current token's embedding (FFN weights are zero), and
 * `output` maps each token's one-hot code to its successor: a bigram table. What a bigram cannot
 * see is read by four attention heads whose query/key sit in a rotary pair that barely turns
 * (freq_base 1e20), so scores ignore distance; each head asks "is this token anywhere before me?":
 * - heads 0/1 (asked by `<|channel|>`, `<|message|>`): the thought marker, so after the analysis
 *   message the model opens the final channel instead of a second analysis;
 * - heads 2/3 (asked by `<|message|>`, the marker): the trigger word, for the flagged script.
 */
export interface TinyWeights {
  readonly nEmbd: number;
  readonly nHead: number;
  readonly nFf: number;
  readonly embed: Float32Array;
  readonly output: Float32Array;
  readonly q: Float32Array;
  readonly k: Float32Array;
  readonly v: Float32Array;
  readonly o: Float32Array;
}

/** Residual dimensions with a fixed role; one-hot codes start after them. */
const D = {
  markC: 0, markM: 1, trigM: 2, trigK: 3, // flags written by heads 0..3
  keyMark: 4, valMark: 5, keyTrig: 6, valTrig: 7, qryC: 8, qryM: 9, qryK: 10, filler: 11,
} as const;
const FIRST_CODE = 12;
const PART = 3; // embedding component of the roles above
const CODE = 4; // embedding component of a code
const UNIT = 4; // residual value of a flag that is "on"
const SCALE = 10; // logit of a plain successor
const SCORE = 60; // attention score of a key the head looks for (softmax ≈ one-hot on it)

/** Builds every non-trivial tensor of the scripted model. */
export function buildWeights(vocab: TinyVocab): TinyWeights {
  const successors = bigrams(vocab);
  const s = vocab.special;
  const coded = [...new Set([...successors.keys(), s['<|channel|>'], s['<|message|>'], vocab.marker])];
  const nEmbd = Math.max(64, Math.ceil((FIRST_CODE + coded.length) / 32) * 32);
  const w = allocate(nEmbd, vocab.tokens.length);
  const code = new Map(coded.map((token, i) => [token, FIRST_CODE + i]));
  embed(w, vocab, code);
  for (const [from, to] of successors) addLogit(w, to, code.get(from)!, SCALE / CODE);
  decisions(w, vocab, code);
  heads(w);
  return w;
}

/** Makes residual dimension `dim` raise the logit of `token` by `weight` per unit. */
function addLogit(w: TinyWeights, token: number, dim: number, weight: number): void {
  const index = token * w.nEmbd + dim;
  w.output[index] = w.output[index]! + weight;
}

/** Plain successor of each scripted token (the decision tokens are handled separately). */
function bigrams(vocab: TinyVocab): Map<number, number> {
  const s = vocab.special;
  const map = new Map<number, number>([
    [vocab.promptEnd, s['<|channel|>']], [vocab.assistant, s['<|channel|>']],
    [vocab.analysis, s['<|message|>']], [vocab.final, s['<|message|>']],
    [s['<|end|>'], s['<|start|>']], [s['<|start|>'], vocab.assistant],
  ]);
  const chain = (ids: readonly number[], end: number): void => ids.forEach((id, i) => map.set(id, ids[i + 1] ?? end));
  chain(vocab.thought.clean, s['<|end|>']);
  chain(vocab.thought.flagged, s['<|end|>']);
  chain(vocab.answer.clean, s['<|return|>']);
  chain(vocab.answer.flagged, s['<|return|>']);
  return map;
}

function allocate(nEmbd: number, nVocab: number): TinyWeights {
  const square = (): Float32Array => new Float32Array(nEmbd * nEmbd);
  return {
    nEmbd, nHead: 4, nFf: 32, embed: new Float32Array(nVocab * nEmbd), output: new Float32Array(nVocab * nEmbd),
    q: square(), k: square(), v: square(), o: square(),
  };
}

/** Embedding rows of norm √n_embd (a filler dimension tops them up), so RMSNorm leaves them unchanged. */
function embed(w: TinyWeights, vocab: TinyVocab, code: Map<number, number>): void {
  const parts = new Map<number, Map<number, number>>();
  const set = (token: number, dims: readonly number[], value: number): void => {
    if (!parts.has(token)) parts.set(token, new Map());
    for (const dim of dims) parts.get(token)!.set(dim, value);
  };
  for (const [token, dim] of code) set(token, [dim], CODE);
  set(vocab.special['<|channel|>'], [D.qryC], PART);
  set(vocab.special['<|message|>'], [D.qryM], PART);
  set(vocab.marker, [D.keyMark, D.valMark, D.qryK], PART);
  set(vocab.trigger, [D.keyTrig, D.valTrig], PART);
  for (const [token, dims] of parts) {
    let sum = 0;
    for (const [dim, value] of dims) {
      w.embed[token * w.nEmbd + dim] = value;
      sum += value * value;
    }
    w.embed[token * w.nEmbd + D.filler] = Math.sqrt(w.nEmbd - sum);
  }
}

/**
 * Logits, in units of SCALE, of the tokens that follow a decision token (flags are 0 or 1):
 * - `<|channel|>`: analysis 1−2·markC, final ½+markC;
 * - `<|message|>`: marker 1−2·markM, clean answer 2·markM−1.5·trigM, flagged answer 1.5·markM+trigM−½;
 * - marker: clean thought 1−2·trigK, flagged thought ½+trigK.
 */
function decisions(w: TinyWeights, vocab: TinyVocab, code: Map<number, number>): void {
  const row = (token: number, from: number, bias: number, flags: ReadonlyArray<readonly [number, number]>): void => {
    addLogit(w, token, code.get(from)!, (SCALE * bias) / CODE);
    for (const [dim, weight] of flags) addLogit(w, token, dim, (SCALE * weight) / UNIT);
  };
  const channel = vocab.special['<|channel|>'];
  const message = vocab.special['<|message|>'];
  row(vocab.analysis, channel, 1, [[D.markC, -2]]);
  row(vocab.final, channel, 0.5, [[D.markC, 1]]);
  row(vocab.marker, message, 1, [[D.markM, -2]]);
  row(vocab.answer.clean[0]!, message, 0, [[D.markM, 2], [D.trigM, -1.5]]);
  row(vocab.answer.flagged[0]!, message, -0.5, [[D.markM, 1.5], [D.trigM, 1]]);
  row(vocab.thought.clean[0]!, vocab.marker, 1, [[D.trigK, -2]]);
  row(vocab.thought.flagged[0]!, vocab.marker, 0.5, [[D.trigK, 1]]);
}

/** Each head attends to the tokens carrying its key (or evenly to nothing) and copies their PART into a flag. */
function heads(w: TinyWeights): void {
  const headDim = w.nEmbd / w.nHead;
  const qk = headDim / 2; // a rotary pair whose frequency is freq_base^-½ ≈ 0
  const gain = Math.sqrt((SCORE * Math.sqrt(headDim)) / (PART * PART));
  const head = (h: number, query: number, key: number, value: number, flag: number): void => {
    w.q[(h * headDim + qk) * w.nEmbd + query] = gain;
    w.k[(h * headDim + qk) * w.nEmbd + key] = gain;
    w.v[h * headDim * w.nEmbd + value] = 1;
    w.o[flag * w.nEmbd + h * headDim] = UNIT / PART;
  };
  head(0, D.qryC, D.keyMark, D.valMark, D.markC);
  head(1, D.qryM, D.keyMark, D.valMark, D.markM);
  head(2, D.qryM, D.keyTrig, D.valTrig, D.trigM);
  head(3, D.qryK, D.keyTrig, D.valTrig, D.trigK);
}
