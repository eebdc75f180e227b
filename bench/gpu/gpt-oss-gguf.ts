// A GGUF of llama.cpp's `gpt-oss` architecture with random weights, in the tensor types of the
// published gpt-oss GGUFs: experts MXFP4, attention / embeddings / output Q8_0, norms, biases,
// sinks and the router F32. Same tensors and bytes per token as the real model; output is noise.
import { writeGguf, tensorByteLength, type GgmlType, type GgufTensor, type GgufValue } from '../../test/helpers/tiny-gguf/gguf-writer.js';

/** The architecture numbers that set the model's size. */
export interface GptOssShape {
  readonly name: string;
  readonly layers: number;
  readonly embd: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly experts: number;
  readonly expertsUsed: number;
  readonly expertFf: number;
  readonly vocab: number;
  readonly contextLength: number;
}

export const SHAPES: Readonly<Record<string, GptOssShape>> = {
  // openai/gpt-oss-20b (gpt-oss-safeguard-20b has the same shape)
  '20b': { name: 'gpt-oss-20b shape', layers: 24, embd: 2880, heads: 64, kvHeads: 8, headDim: 64, experts: 32, expertsUsed: 4, expertFf: 2880, vocab: 201_088, contextLength: 131_072 },
  // a few MB: checks the file loads and runs on the CPU
  tiny: { name: 'tiny gpt-oss shape', layers: 2, embd: 64, heads: 4, kvHeads: 2, headDim: 32, experts: 4, expertsUsed: 2, expertFf: 64, vocab: 1024, contextLength: 8192 },
};

// gpt-oss's special tokens at their o200k_harmony ids (scaled down with the vocab for small shapes).
const SPECIALS: ReadonlyArray<readonly [number, string]> = [
  [199_998, '<|startoftext|>'], [199_999, '<|endoftext|>'], [200_002, '<|return|>'], [200_003, '<|constrain|>'],
  [200_005, '<|channel|>'], [200_006, '<|start|>'], [200_007, '<|end|>'], [200_008, '<|message|>'], [200_012, '<|call|>'],
];

interface TensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly type: GgmlType;
  /** Fraction of the tensor one decoded token reads (token_embd: one row; experts: the used ones). */
  readonly readPerToken: number;
}

/** Every tensor llama.cpp's gpt-oss loader asks for. */
export function tensorSpecs(s: GptOssShape): TensorSpec[] {
  const q = s.heads * s.headDim;
  const kv = s.kvHeads * s.headDim;
  const used = s.expertsUsed / s.experts;
  const specs: TensorSpec[] = [
    { name: 'token_embd.weight', shape: [s.embd, s.vocab], type: 'Q8_0', readPerToken: 1 / s.vocab },
    { name: 'output_norm.weight', shape: [s.embd], type: 'F32', readPerToken: 1 },
    { name: 'output.weight', shape: [s.embd, s.vocab], type: 'Q8_0', readPerToken: 1 },
  ];
  for (let i = 0; i < s.layers; i += 1) {
    const t = (name: string, shape: number[], type: GgmlType, readPerToken = 1): void => void specs.push({ name: `blk.${i}.${name}`, shape, type, readPerToken });
    t('attn_norm.weight', [s.embd], 'F32');
    t('post_attention_norm.weight', [s.embd], 'F32');
    t('attn_q.weight', [s.embd, q], 'Q8_0');
    t('attn_k.weight', [s.embd, kv], 'Q8_0');
    t('attn_v.weight', [s.embd, kv], 'Q8_0');
    t('attn_output.weight', [q, s.embd], 'Q8_0');
    t('attn_q.bias', [q], 'F32');
    t('attn_k.bias', [kv], 'F32');
    t('attn_v.bias', [kv], 'F32');
    t('attn_output.bias', [s.embd], 'F32');
    t('attn_sinks.weight', [s.heads], 'F32');
    t('ffn_gate_inp.weight', [s.embd, s.experts], 'F32');
    t('ffn_gate_inp.bias', [s.experts], 'F32');
    t('ffn_gate_exps.weight', [s.embd, s.expertFf, s.experts], 'MXFP4', used);
    t('ffn_up_exps.weight', [s.embd, s.expertFf, s.experts], 'MXFP4', used);
    t('ffn_down_exps.weight', [s.expertFf, s.embd, s.experts], 'MXFP4', used);
    t('ffn_gate_exps.bias', [s.expertFf, s.experts], 'F32', used);
    t('ffn_up_exps.bias', [s.expertFf, s.experts], 'F32', used);
    t('ffn_down_exps.bias', [s.embd, s.experts], 'F32', used);
  }
  return specs;
}

/** Weight bytes one decoded token reads (KV cache reads come on top and grow with the context). */
export function bytesPerToken(s: GptOssShape): number {
  return tensorSpecs(s).reduce((sum, t) => sum + tensorByteLength(t.type, t.shape) * t.readPerToken, 0);
}

/** Bytes of tensor data in the model (the file is this plus its header). */
export function fileBytes(s: GptOssShape): number {
  return tensorSpecs(s).reduce((sum, t) => sum + tensorByteLength(t.type, t.shape), 0);
}

/** Writes the model; returns its tensor bytes. */
export function writeGptOssGguf(path: string, s: GptOssShape): number {
  const tensors: GgufTensor[] = tensorSpecs(s).map((t) => ({ name: t.name, shape: t.shape, type: t.type, chunks: () => randomChunks(t) }));
  writeGguf(path, metadata(s), tensors);
  return fileBytes(s);
}

function metadata(s: GptOssShape): Record<string, GgufValue> {
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  const f32 = (value: number): GgufValue => ({ type: 'f32', value });
  const a = 'gpt-oss';
  return {
    'general.architecture': { type: 'string', value: a },
    'general.name': { type: 'string', value: `${s.name}, random weights` },
    [`${a}.block_count`]: u32(s.layers),
    [`${a}.context_length`]: u32(s.contextLength),
    [`${a}.embedding_length`]: u32(s.embd),
    [`${a}.feed_forward_length`]: u32(s.expertFf),
    [`${a}.attention.head_count`]: u32(s.heads),
    [`${a}.attention.head_count_kv`]: u32(s.kvHeads),
    [`${a}.rope.freq_base`]: f32(150_000),
    [`${a}.attention.layer_norm_rms_epsilon`]: f32(1e-5),
    [`${a}.expert_count`]: u32(s.experts),
    [`${a}.expert_used_count`]: u32(s.expertsUsed),
    [`${a}.attention.key_length`]: u32(s.headDim),
    [`${a}.attention.value_length`]: u32(s.headDim),
    [`${a}.attention.sliding_window`]: u32(128),
    [`${a}.expert_feed_forward_length`]: u32(s.expertFf),
    [`${a}.rope.scaling.type`]: { type: 'string', value: 'yarn' },
    [`${a}.rope.scaling.factor`]: f32(32),
    [`${a}.rope.scaling.original_context_length`]: u32(4096),
    ...tokenizer(s.vocab),
  };
}

function tokenizer(vocab: number): Record<string, GgufValue> {
  const offset = Math.max(0, 200_013 - vocab); // small vocabs keep the specials, shifted down
  const tokens = Array.from({ length: vocab }, (_, i) => (i < 256 ? String.fromCodePoint(byteChar(i)) : `<|reserved_${i}|>`));
  const types = tokens.map(() => 1);
  for (const [id, text] of SPECIALS) {
    tokens[id - offset] = text;
    types[id - offset] = 3;
  }
  return {
    'tokenizer.ggml.model': { type: 'string', value: 'gpt2' },
    'tokenizer.ggml.pre': { type: 'string', value: 'default' },
    'tokenizer.ggml.tokens': { type: 'string[]', value: tokens },
    'tokenizer.ggml.token_type': { type: 'i32[]', value: types },
    'tokenizer.ggml.merges': { type: 'string[]', value: [] },
    'tokenizer.ggml.bos_token_id': { type: 'u32', value: 199_998 - offset },
    'tokenizer.ggml.eos_token_id': { type: 'u32', value: 200_002 - offset },
    'tokenizer.ggml.padding_token_id': { type: 'u32', value: 199_999 - offset },
  };
}

/** GPT-2's byte → printable code point map (space is `Ġ`). */
function byteChar(b: number): number {
  const printable = (x: number): boolean => (x >= 0x21 && x <= 0x7e) || (x >= 0xa1 && x <= 0xac) || (x >= 0xae && x <= 0xff);
  if (printable(b)) return b;
  let shifted = 0;
  for (let x = 0; x < b; x += 1) if (!printable(x)) shifted += 1;
  return 256 + shifted;
}

const CHUNK_BLOCKS = 1 << 16;

/** Small random values: norms at 1, quant scales low enough that activations stay finite. */
function* randomChunks(t: TensorSpec): Generator<Uint8Array> {
  let remaining = tensorByteLength(t.type, t.shape);
  const pattern = blockPattern(t);
  while (remaining > 0) {
    const chunk = pattern.subarray(0, Math.min(remaining, pattern.length));
    remaining -= chunk.length;
    yield chunk;
  }
}

const patterns = new Map<string, Uint8Array>();

function blockPattern(t: TensorSpec): Uint8Array {
  const key = t.name.includes('norm') ? 'norm' : t.type;
  const cached = patterns.get(key);
  if (cached) return cached;
  const random = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(Math.random() * 256));
  let bytes: Uint8Array;
  if (key === 'norm') bytes = new Uint8Array(new Float32Array(CHUNK_BLOCKS).fill(1).buffer);
  else if (t.type === 'F32') bytes = new Uint8Array(Float32Array.from({ length: CHUNK_BLOCKS }, () => (Math.random() - 0.5) * 0.02).buffer);
  else if (t.type === 'Q8_0') bytes = blocks(34, random, (block) => block.set([0x00, 0x14])); // f16 scale 2^-10
  else bytes = blocks(17, random, (block) => (block[0] = 120)); // MXFP4: E8M0 scale 2^-7
  patterns.set(key, bytes);
  return bytes;
}

function blocks(size: number, random: (n: number) => Uint8Array, scale: (block: Uint8Array) => void): Uint8Array {
  const bytes = random(size * CHUNK_BLOCKS);
  for (let i = 0; i < CHUNK_BLOCKS; i += 1) scale(bytes.subarray(i * size, (i + 1) * size));
  return bytes;
}
