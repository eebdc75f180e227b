/** Which compute backend to run on. */
export type GpuChoice = 'auto' | 'cuda' | 'vulkan' | false;

/** Options of {@link safeguardLlamaCpp}. Only `modelPath` is required. */
export interface SafeguardLlamaCppOptions {
  /** `SAFEGUARD_GGUF`: the GGUF model file (gpt-oss-safeguard-20b or -120b). */
  readonly modelPath: string;
  /**
   * `auto` (default): CUDA or Vulkan when a working device and binary exist, the CPU otherwise.
   * `false`: CPU only. A named backend that is unavailable fails `setup` with `GPU_UNAVAILABLE`.
   */
  readonly gpu?: GpuChoice;
  /** Tokens one sequence holds (prompt + generation). Default 16384, capped at the model's training context. */
  readonly contextSize?: number;
  /** Most tokens one call generates (chain of thought + answer). Default 8192. */
  readonly maxTokens?: number;
  /** 0 (default) decodes greedily, so the same input gets the same verdict. */
  readonly temperature?: number;
  /** Sampling seed; only matters when `temperature` > 0. */
  readonly seed?: number;
  /** Calls generated at once, each on its own context sequence. Default 1. */
  readonly concurrency?: number;
  /** Policies one call may carry (`capabilities.maxPoliciesPerCall`). Default 8. */
  readonly maxPoliciesPerCall?: number;
  /** CPU threads per evaluation; default node-llama-cpp's (every math core). */
  readonly threads?: number;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly modelPath: string;
  readonly gpu: GpuChoice;
  readonly contextSize: number;
  readonly concurrency: number;
  readonly maxPoliciesPerCall: number;
  readonly threads: number | undefined;
  /** Everything that changes what the model writes; part of `identity()`. */
  readonly decoding: { readonly temperature: number; readonly seed: number | null; readonly maxTokens: number };
}

const GPU_CHOICES: readonly unknown[] = ['auto', 'cuda', 'vulkan', false];

/** Fills in defaults; throws a TypeError on an option no run could honour. */
export function resolveOptions(options: SafeguardLlamaCppOptions): ResolvedOptions {
  if (!options.modelPath) throw new TypeError('safeguardLlamaCpp needs a modelPath');
  const gpu = options.gpu ?? 'auto';
  if (!GPU_CHOICES.includes(gpu)) throw new TypeError(`gpu must be one of 'auto', 'cuda', 'vulkan' or false, not ${String(gpu)}`);
  const temperature = options.temperature ?? 0;
  if (!(temperature >= 0)) throw new TypeError('temperature must be 0 or more');
  return {
    modelPath: options.modelPath,
    gpu,
    contextSize: positive('contextSize', options.contextSize ?? 16_384),
    concurrency: positive('concurrency', options.concurrency ?? 1),
    maxPoliciesPerCall: positive('maxPoliciesPerCall', options.maxPoliciesPerCall ?? 8),
    threads: options.threads === undefined ? undefined : positive('threads', options.threads),
    decoding: { temperature, seed: options.seed ?? null, maxTokens: positive('maxTokens', options.maxTokens ?? 8192) },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, not ${value}`);
  return value;
}
