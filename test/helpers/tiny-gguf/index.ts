import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeGguf, type GgufTensor, type GgufValue } from './gguf-writer.js';
import { buildVocab, type TinyModelScript } from './vocab.js';
import { buildWeights, type TinyWeights } from './weights.js';

export { THOUGHT_MARKER, type TinyModelScript } from './vocab.js';

/** The default script: a clean verdict, or a VIOLATING one citing `SP2.a` when the trigger appears. */
export const DEFAULT_SCRIPT: TinyModelScript = {
  trigger: 'BUY-NOW-777',
  thought: {
    clean: 'The user message reads as an ordinary note. Nothing in it matches a rule of the policy, so it does not violate.',
    flagged: 'The user message pushes a paid offer with a marker code. Rule SP2.a covers unsolicited promotion, so it violates.',
  },
  answer: {
    clean: '{"violation": 0, "policy_category": null, "rule_ids": [], "confidence": "high", "rationale": "An ordinary message; no rule applies."}',
    flagged: '{"violation": 1, "policy_category": "SP2", "rule_ids": ["SP2.a"], "confidence": "high", "rationale": "Unsolicited promotion, rule SP2.a."}',
  },
};

export interface TinyGgufOptions {
  readonly script?: TinyModelScript;
  readonly contextLength?: number;
}

// Bump when the file layout or the weight design changes, so cached files are rebuilt.
const GENERATOR_VERSION = 2;
const CACHE_DIR = fileURLToPath(new URL('../../.cache/', import.meta.url));

/**
 * Path of a tiny scripted GGUF model (a one-layer llama that llama.cpp really runs), written to
 * test/.cache/ on first use and reused while the generator and its options are unchanged.
 *
 * Greedy decoding through node-llama-cpp's HarmonyChatWrapper yields an analysis segment with the
 * script's thought, then the final channel with its answer.
 */
export function tinyGguf(options: TinyGgufOptions = {}): string {
  const script = options.script ?? DEFAULT_SCRIPT;
  const contextLength = options.contextLength ?? 16_384;
  const key = createHash('sha256').update(JSON.stringify({ GENERATOR_VERSION, script, contextLength })).digest('hex');
  const path = `${CACHE_DIR}tiny-${key.slice(0, 16)}.gguf`;
  if (existsSync(path)) return path;
  mkdirSync(CACHE_DIR, { recursive: true });
  const vocab = buildVocab(script);
  const weights = buildWeights(vocab);
  writeGguf(path, metadata(vocab.tokens, vocab.types, vocab.special, weights, contextLength), tensors(weights, vocab.tokens.length));
  return path;
}

/**
 * How many tokens the scripted model samples for each part of its script (the thought counts
 * its marker): what a test expects as `completionTokens`, less the harmony framing tokens.
 */
export function scriptTokenCounts(script: TinyModelScript = DEFAULT_SCRIPT): { thought: { clean: number; flagged: number }; answer: { clean: number; flagged: number } } {
  const vocab = buildVocab(script);
  return {
    thought: { clean: vocab.thought.clean.length + 1, flagged: vocab.thought.flagged.length + 1 },
    answer: { clean: vocab.answer.clean.length, flagged: vocab.answer.flagged.length },
  };
}

function metadata(
  tokens: readonly string[],
  types: readonly number[],
  special: Readonly<Record<string, number>>,
  w: TinyWeights,
  contextLength: number,
): Record<string, GgufValue> {
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  return {
    'general.architecture': { type: 'string', value: 'llama' },
    'general.name': { type: 'string', value: 'arbiter-tiny-harmony' },
    'llama.context_length': u32(contextLength),
    'llama.embedding_length': u32(w.nEmbd),
    'llama.block_count': u32(1),
    'llama.feed_forward_length': u32(w.nFf),
    'llama.attention.head_count': u32(w.nHead),
    'llama.attention.head_count_kv': u32(w.nHead),
    'llama.attention.layer_norm_rms_epsilon': { type: 'f32', value: 1e-5 },
    'llama.rope.freq_base': { type: 'f32', value: 1e20 },
    'llama.rope.dimension_count': u32(w.nEmbd / w.nHead),
    'llama.vocab_size': u32(tokens.length),
    'tokenizer.ggml.model': { type: 'string', value: 'gpt2' },
    'tokenizer.ggml.pre': { type: 'string', value: 'default' },
    'tokenizer.ggml.tokens': { type: 'string[]', value: tokens },
    'tokenizer.ggml.token_type': { type: 'i32[]', value: types },
    'tokenizer.ggml.merges': { type: 'string[]', value: [] },
    'tokenizer.ggml.bos_token_id': u32(special['<|startoftext|>']!),
    'tokenizer.ggml.eos_token_id': u32(special['<|return|>']!),
    'tokenizer.ggml.padding_token_id': u32(special['<|endoftext|>']!),
    'tokenizer.ggml.add_bos_token': { type: 'bool', value: false },
  };
}

function tensors(w: TinyWeights, nVocab: number): GgufTensor[] {
  const f32 = (name: string, shape: readonly number[], data?: Float32Array): GgufTensor => {
    const values = data ?? new Float32Array(shape.reduce((a, b) => a * b, 1));
    return { name, shape, type: 'F32', chunks: () => [new Uint8Array(values.buffer, values.byteOffset, values.byteLength)] };
  };
  const ones = (n: number): Float32Array => new Float32Array(n).fill(1);
  const e = w.nEmbd;
  return [
    f32('token_embd.weight', [e, nVocab], w.embed),
    f32('output_norm.weight', [e], ones(e)),
    f32('output.weight', [e, nVocab], w.output),
    f32('blk.0.attn_norm.weight', [e], ones(e)),
    f32('blk.0.attn_q.weight', [e, e], w.q),
    f32('blk.0.attn_k.weight', [e, e], w.k),
    f32('blk.0.attn_v.weight', [e, e], w.v),
    f32('blk.0.attn_output.weight', [e, e], w.o),
    f32('blk.0.ffn_norm.weight', [e], ones(e)),
    f32('blk.0.ffn_gate.weight', [e, w.nFf]),
    f32('blk.0.ffn_down.weight', [w.nFf, e]),
    f32('blk.0.ffn_up.weight', [e, w.nFf]),
  ];
}
