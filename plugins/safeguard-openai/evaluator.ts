import { EvaluatorError, throwIfAborted } from '../../sdk/index.js';
import type { EvaluatorHealth, EvaluatorPolicy, ReasonInput, ReasonerEvaluator, ReasonerResult } from '../../sdk/index.js';
import { PROMPT_TEMPLATE_VERSION, parseAnswers, validateAnswer } from '../../sdk/reasoning/index.js';
import { runAttempt, type AttemptOutput } from './attempt.js';
import { createCircuitBreaker } from './breaker.js';
import { SERVER_FAILURES, safeguardError } from './errors.js';
import { NO_USAGE, resolveOptions, type ResolvedOptions, type SafeguardOpenAIOptions } from './options.js';
import { chatRequestBody } from './request.js';
import { withRetry } from './retry.js';
import { detectFlavour, endpointsFor, findModel, listModels, type Endpoints } from './server-info.js';
import { PLUGIN_VERSION } from './version.js';

// Errors after which a fresh attempt may succeed; timeouts are not retried (a stalled model
// would just stall again, multiplying the wait).
const RETRIED = new Set(['MODEL_SERVER_UNAVAILABLE', 'MODEL_SERVER_ERROR', 'STREAM_INTERRUPTED']);

/**
 * A reasoner that streams gpt-oss-safeguard from any OpenAI-compatible server (vLLM, Ollama
 * `/v1`, LM Studio, llama.cpp server) or Ollama's native `/api/chat`.
 */
export function safeguardOpenAI(options: SafeguardOpenAIOptions): ReasonerEvaluator {
  const resolved = resolveOptions(options);
  const breaker = createCircuitBreaker(resolved.circuitBreaker, resolved.clock);
  const server = createServerState(resolved);
  return {
    name: 'safeguard-openai',
    version: PLUGIN_VERSION,
    kind: 'reasoner',
    capabilities: { streamsReasoning: true, supportsEffort: true, maxPoliciesPerCall: resolved.maxPoliciesPerCall, batchSize: 1 },
    setup: () => server.setup(),
    async health(): Promise<EvaluatorHealth> {
      if (breaker.state() === 'open') return { ready: false, detail: 'circuit breaker open after repeated model-server failures' };
      return server.health();
    },
    identity: () =>
      JSON.stringify({ model: resolved.model, digest: server.digest() ?? null, prompt: PROMPT_TEMPLATE_VERSION, decoding: resolved.decoding }),
    async evaluate(input: ReasonInput): Promise<ReasonerResult> {
      throwIfAborted(input.signal);
      checkPolicies(input.policies, resolved.maxPoliciesPerCall);
      const endpoints = await server.endpoints(input.signal);
      const body = JSON.stringify(chatRequestBody({ flavour: endpoints.flavour, options: resolved, policies: input.policies, content: input.content, effort: input.effort }));
      const policyIds = input.policies.map((policy) => policy.id);
      let delivered = false;
      const onReasoning = (text: string): void => {
        delivered = true;
        input.onReasoning({ text, policyIds });
      };
      const attempt = async (): Promise<AttemptOutput> => {
        breaker.admit();
        try {
          const output = await runAttempt({ options: resolved, endpoints, body, signal: input.signal, onReasoning });
          breaker.success();
          return output;
        } catch (error) {
          if (error instanceof EvaluatorError && error.retryable && SERVER_FAILURES.has(error.code)) breaker.failure();
          else breaker.release();
          throw error;
        }
      };
      const shouldRetry = (error: unknown): boolean => !delivered && error instanceof EvaluatorError && error.retryable && RETRIED.has(error.code);
      const output = await withRetry(resolved.retry, input.signal, attempt, shouldRetry);
      return toResult(output, input.policies);
    },
  };
}

function checkPolicies(policies: readonly EvaluatorPolicy[], max: number): void {
  if (policies.length === 0 || policies.length > max) {
    throw safeguardError('INVALID_INPUT', `a call carries 1 to ${max} policies (maxPoliciesPerCall), not ${policies.length}`, { retryable: false });
  }
}

function toResult(output: AttemptOutput, policies: readonly EvaluatorPolicy[]): ReasonerResult {
  // a multi-policy chain of thought discusses every policy, so it is no one answer's conclusion
  const reasoning = policies.length === 1 ? output.reasoning : undefined;
  const answers = parseAnswers(output.output, policies, { truncated: output.truncated }).map((answer, index) => ({
    ...answer,
    findings: [...answer.findings, ...validateAnswer({ answer, policy: policies[index]!, reasoning })],
  }));
  return { answers, reasoning: output.reasoning, output: output.output, usage: output.usage ?? NO_USAGE };
}

/** What the plugin learns about its server: the flavour (once probed) and the model digest. */
function createServerState(options: ResolvedOptions) {
  let endpoints: Endpoints | undefined;
  let digest: string | undefined;
  async function resolveEndpoints(signal: AbortSignal): Promise<Endpoints> {
    if (endpoints) return endpoints;
    const flavour = await detectFlavour(options, signal);
    // an unreachable server proves nothing: fall back to OpenAI for now and probe again next time
    if (!flavour) return endpointsFor(options.baseUrl, 'openai');
    return (endpoints = endpointsFor(options.baseUrl, flavour));
  }
  return {
    endpoints: resolveEndpoints,
    digest: () => digest,
    /** Probes the flavour and the model digest; never throws, `health()` reports an unreachable server. */
    async setup(): Promise<void> {
      const signal = AbortSignal.timeout(options.timeouts.connectMs);
      const found = await resolveEndpoints(signal).then(
        (ep) => listModels(options, ep.flavour === 'ollama-native' ? ep.models : `${new URL(options.baseUrl).origin}/api/tags`, signal),
        () => [],
      ).then((models) => findModel(models, options.model), () => undefined);
      digest = found?.digest;
    },
    async health(): Promise<EvaluatorHealth> {
      try {
        const ep = await resolveEndpoints(AbortSignal.timeout(options.timeouts.connectMs));
        const models = await listModels(options, ep.models, AbortSignal.timeout(options.timeouts.connectMs));
        if (findModel(models, options.model)) return { ready: true, detail: `${options.model} is served at ${ep.models}` };
        const listed = models.map((m) => m.name).join(', ') || 'none';
        return { ready: false, detail: `${options.model} is not among the served models (${listed})` };
      } catch (error) {
        return { ready: false, detail: `cannot list models at ${options.baseUrl}: ${(error as Error).message}` };
      }
    },
  };
}
