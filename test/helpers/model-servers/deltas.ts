import type { ModelServerFlavour } from './types.js';

/** One streamed delta: reasoning in its own field, or content (which may carry harmony text). */
export interface Delta {
  readonly reasoning?: string;
  readonly content?: string;
}

const RAW_ANALYSIS = '<|channel|>analysis<|message|>';
const RAW_FINAL = '<|end|><|start|>assistant<|channel|>final<|message|>';

/**
 * Splits a generation into deltas of `size` characters the way `flavour` streams it. Leaky
 * flavours put everything, markers included, into content, chunked across marker boundaries just
 * as token streams split them. `withFinal: false` stops before the final channel opens.
 */
export function toDeltas(flavour: ModelServerFlavour, reasoning: string, final: string, size: number, withFinal = true): Delta[] {
  if (flavour === 'harmony-raw' || flavour === 'harmony-stripped') {
    const [open, close] = flavour === 'harmony-raw' ? [RAW_ANALYSIS, RAW_FINAL] : ['analysis', 'assistantfinal'];
    const text = withFinal ? `${open}${reasoning}${close}${final}` : `${open}${reasoning}`;
    return chunk(text, size).map((content) => ({ content }));
  }
  return [...chunk(reasoning, size).map((text) => ({ reasoning: text })), ...chunk(withFinal ? final : '', size).map((content) => ({ content }))];
}

function chunk(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}
