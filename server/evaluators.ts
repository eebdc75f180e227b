import { createEvaluatorRegistry, type Evaluator, type EvaluatorRegistry } from '../sdk/index.js';
import { triageRules } from '../plugins/triage-rules/index.js';
import { instrumentEvaluator } from './observability/evaluators.js';
import { reasonersFromEnv } from './reasoners.js';

/**
 * The built-in evaluators the configuration asks for: `triage-rules` always, then the reasoners
 * of {@link reasonersFromEnv}. `extra` evaluators (tests, embedders) are registered after them.
 * Every evaluator is instrumented (metrics and spans per call). safeguard-llama-cpp loads the
 * optional node-llama-cpp only in `setup`, so a missing install is a RUNTIME_MISSING error then.
 */
export function registryFromConfig(env: Readonly<Record<string, string | undefined>>, extra: readonly Evaluator[] = []): EvaluatorRegistry {
  const registry = createEvaluatorRegistry();
  const add = (evaluator: Evaluator) => registry.register(instrumentEvaluator(evaluator));
  add(triageRules());
  for (const reasoner of reasonersFromEnv(env)) add(reasoner);
  for (const evaluator of extra) add(evaluator);
  return registry;
}
