// The safeguard-openai reasoner plugin: gpt-oss-safeguard over an OpenAI-compatible or Ollama server.
export { safeguardOpenAI } from './evaluator.js';
export { safeguardOptionsFromEnv } from './env.js';
export type { BreakerPolicy, Flavour, RetryPolicy, SafeguardOpenAIOptions, Timeouts } from './options.js';
export type { SafeguardErrorCode } from './errors.js';
export { PLUGIN_VERSION } from './version.js';
