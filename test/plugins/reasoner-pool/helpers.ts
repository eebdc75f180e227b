import type { ReasonerEvaluator } from '../../../sdk/index.js';
import { safeguardOpenAI } from '../../../plugins/safeguard-openai/index.js';
import { reasonerPool, replicaFetch, type ReasonerPoolOptions } from '../../../plugins/reasoner-pool/index.js';

/** A pool over `urls` wired as the server wires SAFEGUARD_URL lists (see server/reasoners.ts). */
export function poolOver(urls: readonly string[], model: string, options: Partial<ReasonerPoolOptions> = {}): ReasonerEvaluator {
  const replicas = urls.map((url) => ({
    id: url,
    evaluator: safeguardOpenAI({ baseUrl: url, model, fetch: replicaFetch(), retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: Number.POSITIVE_INFINITY } }),
  }));
  return reasonerPool({ ...options, replicas });
}
