import type { ReasonerEvaluator } from '../sdk/index.js';
import { safeguardOpenAI } from '../plugins/safeguard-openai/index.js';
import { safeguardReplicaOptionsFromEnv } from '../plugins/safeguard-openai/env.js';
import { llamaCppOptionsFromEnv, safeguardLlamaCpp } from '../plugins/safeguard-llama-cpp/index.js';
import { reasonerPool, replicaFetch } from '../plugins/reasoner-pool/index.js';
import { pulledModelPath } from './pulled-model.js';

/**
 * The reasoners the configuration asks for, in order: `safeguard-openai` for SAFEGUARD_URL (a
 * pool over the replicas when it lists several), `safeguard-llama-cpp` for SAFEGUARD_GGUF, and
 * with neither set, the in-process model `arbiter model pull` left in ARBITER_DATA_DIR.
 */
export function reasonersFromEnv(env: Readonly<Record<string, string | undefined>>): ReasonerEvaluator[] {
  const reasoners: ReasonerEvaluator[] = [];
  const replicas = safeguardReplicaOptionsFromEnv(env);
  if (replicas?.length === 1) reasoners.push(safeguardOpenAI(replicas[0]!));
  else if (replicas) {
    // the pool fails over and keeps the breakers, so each replica's own retries and breaker stay out of its way
    const evaluator = (options: (typeof replicas)[number]): ReasonerEvaluator =>
      safeguardOpenAI({ ...options, fetch: replicaFetch(), retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: Number.POSITIVE_INFINITY } });
    reasoners.push(reasonerPool({ replicas: replicas.map((options) => ({ id: options.baseUrl, evaluator: evaluator(options) })) }));
  }
  const gguf = llamaCppOptionsFromEnv(env);
  if (gguf) reasoners.push(safeguardLlamaCpp(gguf));
  const pulled = !replicas && !gguf && env.ARBITER_DATA_DIR ? pulledModelPath(env.ARBITER_DATA_DIR) : undefined;
  if (pulled) reasoners.push(safeguardLlamaCpp(llamaCppOptionsFromEnv({ ...env, SAFEGUARD_GGUF: pulled })!));
  return reasoners;
}
