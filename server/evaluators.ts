import { createEvaluatorRegistry, type Evaluator, type EvaluatorRegistry } from '../sdk/index.js';
import { triageRules } from '../plugins/triage-rules/index.js';
import { safeguardOpenAI, safeguardOptionsFromEnv } from '../plugins/safeguard-openai/index.js';
import { llamaCppOptionsFromEnv, safeguardLlamaCpp } from '../plugins/safeguard-llama-cpp/index.js';

/**
 * The built-in evaluators the configuration asks for: `triage-rules` always, `safeguard-openai`
 * with SAFEGUARD_URL, `safeguard-llama-cpp` with SAFEGUARD_GGUF. `extra` evaluators (tests,
 * embedders) are registered after them.
 */
export function registryFromConfig(env: Readonly<Record<string, string | undefined>>, extra: readonly Evaluator[] = []): EvaluatorRegistry {
  const registry = createEvaluatorRegistry();
  registry.register(triageRules());
  const openai = safeguardOptionsFromEnv(env);
  if (openai) registry.register(safeguardOpenAI(openai));
  const gguf = llamaCppOptionsFromEnv(env);
  if (gguf) registry.register(safeguardLlamaCpp(gguf));
  for (const evaluator of extra) registry.register(evaluator);
  return registry;
}
