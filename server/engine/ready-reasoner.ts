import type { EvaluatorRegistry, ReasonerEvaluator } from '../../sdk/index.js';

/** How long a reasoner's health answer is reused: a probe per evaluation would double the calls to the model server. */
const HEALTH_TTL_MS = 5_000;

/**
 * The registered reasoner when it reports itself ready (a throwing probe counts as not ready),
 * probing at most once per {@link HEALTH_TTL_MS} however many evaluations ask.
 */
export function createReadyReasoner(registry: EvaluatorRegistry): () => Promise<ReasonerEvaluator | undefined> {
  let last: { at: number; ready: Promise<boolean> } | null = null;
  return async () => {
    const reasoner = registry.reasoner();
    if (!reasoner?.health) return reasoner;
    if (!last || Date.now() - last.at > HEALTH_TTL_MS) {
      last = { at: Date.now(), ready: reasoner.health().then((h) => h.ready, () => false) };
    }
    return (await last.ready) ? reasoner : undefined;
  };
}
