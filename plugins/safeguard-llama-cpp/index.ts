// The safeguard-llama-cpp reasoner plugin: gpt-oss-safeguard as an in-process GGUF via node-llama-cpp.
export { safeguardLlamaCpp } from './evaluator.js';
export { llamaCppOptionsFromEnv } from './env.js';
export type { GpuChoice, SafeguardLlamaCppOptions } from './options.js';
export type { LlamaCppErrorCode } from './errors.js';
export { PLUGIN_VERSION } from './version.js';
