import type { GpuChoice, SafeguardLlamaCppOptions } from './options.js';

const GPU: Readonly<Record<string, GpuChoice>> = { auto: 'auto', cuda: 'cuda', vulkan: 'vulkan', cpu: false, false: false };

/**
 * Reads the plugin's options from environment variables (the caller passes `process.env`):
 * `SAFEGUARD_GGUF` (the model file) and optionally `SAFEGUARD_GGUF_GPU` (`auto`, `cuda`,
 * `vulkan`, `cpu`). Returns `undefined` when `SAFEGUARD_GGUF` is unset.
 */
export function llamaCppOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): SafeguardLlamaCppOptions | undefined {
  const modelPath = env.SAFEGUARD_GGUF?.trim();
  if (!modelPath) return undefined;
  const gpuName = env.SAFEGUARD_GGUF_GPU?.trim().toLowerCase() || 'auto';
  if (!Object.hasOwn(GPU, gpuName)) throw new TypeError(`SAFEGUARD_GGUF_GPU must be one of ${Object.keys(GPU).join(', ')}`);
  return { modelPath, gpu: GPU[gpuName]! };
}
