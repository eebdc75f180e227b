import type { EvaluatorHealth, ReasonerEvaluator } from '../../sdk/index.js';
import { PROMPT_TEMPLATE_VERSION } from '../../sdk/reasoning/index.js';
import { createCircuitBreaker } from './breaker.js';
import { evaluateOnce } from './evaluate.js';
import { resolveOptions, type SafeguardOpenAIOptions } from './options.js';
import { createServerState } from './server-state.js';
import { PLUGIN_VERSION } from './version.js';

/**
 * A reasoner that streams gpt-oss-safeguard from any OpenAI-compatible server (vLLM, Ollama
 * `/v1`, LM Studio, llama.cpp server) or Ollama's native `/api/chat`.
 */
export function safeguardOpenAI(options: SafeguardOpenAIOptions): ReasonerEvaluator {
  const resolved = resolveOptions(options);
  const breaker = createCircuitBreaker(resolved.circuitBreaker, resolved.clock);
  const server = createServerState(resolved);
  const { model, decoding, maxPoliciesPerCall } = resolved;
  return {
    name: 'safeguard-openai',
    version: PLUGIN_VERSION,
    kind: 'reasoner',
    capabilities: { streamsReasoning: true, supportsEffort: true, maxPoliciesPerCall, batchSize: 1 },
    setup: () => server.setup(),
    async health(): Promise<EvaluatorHealth> {
      if (breaker.state() === 'open') return { ready: false, code: 'CIRCUIT_OPEN', detail: 'circuit breaker open after repeated model-server failures' };
      return server.health();
    },
    breakerState: () => breaker.state(),
    // fixed once setup has learnt the digest; the server hashes it together with the effort
    identity: () => JSON.stringify({ model, digest: server.digest() ?? null, prompt: PROMPT_TEMPLATE_VERSION, decoding }),
    evaluate: (input) => evaluateOnce({ options: resolved, breaker, server }, input),
  };
}
