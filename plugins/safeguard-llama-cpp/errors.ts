import { EvaluatorError } from '../../sdk/index.js';

/** Stable error codes this plugin throws (all as {@link EvaluatorError}). */
export type LlamaCppErrorCode =
  /** The optional package node-llama-cpp is not installed (or its binary cannot load). */
  | 'RUNTIME_MISSING'
  /** The model file is missing, unreadable or not a GGUF llama.cpp can load. */
  | 'MODEL_LOAD_FAILED'
  /** `gpu: 'cuda' | 'vulkan'` was asked for and no working binary or device exists. */
  | 'GPU_UNAVAILABLE'
  /** `evaluate` before `setup` (or after `dispose`). */
  | 'NOT_READY'
  /** The call carries no policy or more than `maxPoliciesPerCall`. */
  | 'INVALID_INPUT'
  /** llama.cpp failed during a generation. */
  | 'GENERATION_FAILED';

export function llamaCppError(code: LlamaCppErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}): EvaluatorError {
  return new EvaluatorError(code, message, options);
}
