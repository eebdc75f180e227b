import { createEvaluatorRegistry, type Evaluator, type EvaluatorRegistry } from '../sdk/index.js';
import { triageRules } from '../plugins/triage-rules/index.js';
import { safeguardOpenAI, safeguardOptionsFromEnv } from '../plugins/safeguard-openai/index.js';
import { llamaCppOptionsFromEnv, safeguardLlamaCpp } from '../plugins/safeguard-llama-cpp/index.js';
import { instrumentEvaluator } from './observability/evaluators.js';

/**
 * The built-in evaluators the configuration asks for: `triage-rules` always, `safeguard-openai`
 * with SAFEGUARD_URL, `safeguard-llama-cpp` with SAFEGUARD_GGUF. `extra` evaluators (tests,
 * embedders) are registered after them. Every reasoner is instrumented (metrics and spans per call).
 * safeguard-llama-cpp loads the optional node-llama-cpp only in `setup`, so a missing install is
 * a RUNTIME_MISSING error then, not a failed import of this module.
 */
export function registryFromConfig(env: Readonly<Record<string, string | undefined>>, extra: readonly Evaluator[] = []): EvaluatorRegistry {
  const registry = createEvaluatorRegistry();
  const add = (evaluator: Evaluator) => registry.register(instrumentEvaluator(evaluator));
  add(triageRules());
  const openai = safeguardOptionsFromEnv(env);
  if (openai) add(safeguardOpenAI(openai));
  const gguf = llamaCppOptionsFromEnv(env);
  if (gguf) add(safeguardLlamaCpp(gguf));
  for (const evaluator of extra) add(evaluator);
  return registry;
}
