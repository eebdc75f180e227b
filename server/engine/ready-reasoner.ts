import type { EvaluatorRegistry, ReasonerEvaluator } from '../../sdk/index.js';

/** How long a reasoner's health answer is reused: a probe per evaluation would double the calls to the model server. */
const HEALTH_TTL_MS = 5_000;

/** The reasoner to use now, or why there is none (a stable code such as `CIRCUIT_OPEN`, or `NO_REASONER`). */
export type ReasonerChoice = { readonly reasoner: ReasonerEvaluator } | { readonly reasoner?: undefined; readonly unavailable: string };

/**
 * The registered reasoner when it reports itself ready (a throwing probe counts as not ready),
 * probing at most once per {@link HEALTH_TTL_MS} however many evaluations ask. Not ready keeps
 * the plugin's own code (an open circuit breaker says CIRCUIT_OPEN, not "no reasoner").
 */
export function createReadyReasoner(registry: EvaluatorRegistry): () => Promise<ReasonerChoice> {
  let last: { at: number; health: Promise<{ ready: boolean; code?: string }> } | null = null;
  return async () => {
    const reasoner = registry.reasoner();
    if (!reasoner) return { unavailable: 'NO_REASONER' };
    if (!reasoner.health) return { reasoner };
    if (!last || Date.now() - last.at > HEALTH_TTL_MS) {
      last = { at: Date.now(), health: reasoner.health().catch(() => ({ ready: false, code: 'HEALTH_PROBE_FAILED' })) };
    }
    const health = await last.health;
    return health.ready ? { reasoner } : { unavailable: health.code ?? 'REASONER_NOT_READY' };
  };
}
