import { createEvaluatorRegistry, type Evaluator, type EvaluatorRegistry } from '../sdk/index.js';
import { triageRules } from '../plugins/triage-rules/index.js';
import { reasonersFromEnv } from './reasoners.js';

/**
 * The built-in evaluators the configuration asks for: `triage-rules` always, then the reasoners
 * of {@link reasonersFromEnv}. `extra` evaluators (tests, embedders) are registered after them.
 */
export function registryFromConfig(env: Readonly<Record<string, string | undefined>>, extra: readonly Evaluator[] = []): EvaluatorRegistry {
  const registry = createEvaluatorRegistry();
  registry.register(triageRules());
  for (const reasoner of reasonersFromEnv(env)) registry.register(reasoner);
  for (const evaluator of extra) registry.register(evaluator);
  return registry;
}
