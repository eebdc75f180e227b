import { EvaluatorError, throwIfAborted } from '../../sdk/index.js';
import type { EvaluatorHealth, EvaluatorPolicy, ReasonerAnswer, ReasonInput, ReasonerEvaluator, ReasonerResult } from '../../sdk/index.js';
import { PROMPT_TEMPLATE_VERSION, parseAnswers } from '../../sdk/reasoning/index.js';
import { llamaCppError } from './errors.js';
import { generate, type Generation } from './generate.js';
import { resolveOptions, type ResolvedOptions, type SafeguardLlamaCppOptions } from './options.js';
import { openRuntime, type Runtime } from './runtime.js';
import { PLUGIN_VERSION } from './version.js';

/**
 * A reasoner that runs a gpt-oss-safeguard GGUF in process through node-llama-cpp: on a CUDA or
 * Vulkan GPU when one is usable, on the CPU otherwise. `setup` loads the model once; calls borrow
 * one of `concurrency` context sequences and stream the analysis channel as it is generated.
 */
export function safeguardLlamaCpp(options: SafeguardLlamaCppOptions): ReasonerEvaluator {
  const resolved = resolveOptions(options);
  const state = createState(resolved);
  return {
    name: 'safeguard-llama-cpp',
    version: PLUGIN_VERSION,
    kind: 'reasoner',
    capabilities: { streamsReasoning: true, supportsEffort: true, maxPoliciesPerCall: resolved.maxPoliciesPerCall, batchSize: 1 },
    setup: () => state.open(),
    dispose: () => state.close(),
    health: async () => state.health(),
    identity: () =>
      JSON.stringify({ sha256: state.sha256(), prompt: PROMPT_TEMPLATE_VERSION, chat: 'harmony/no-date', decoding: resolved.decoding }),
    async evaluate(input: ReasonInput): Promise<ReasonerResult> {
      throwIfAborted(input.signal);
      checkPolicies(input.policies, resolved.maxPoliciesPerCall);
      const runtime = state.ready();
      const sequence = await runtime.sequences.acquire(input.signal);
      const policyIds = input.policies.map((policy) => policy.id);
      try {
        const generation = await generate({
          model: runtime.model,
          sequence,
          decoding: resolved.decoding,
          policies: input.policies,
          content: input.content,
          effort: input.effort,
          signal: input.signal,
          onReasoning: (text) => input.onReasoning({ text, policyIds }),
        });
        return toResult(generation, input.policies);
      } finally {
        runtime.sequences.release(sequence);
      }
    },
  };
}

/** The runtime once `setup` succeeded, or why it failed. */
function createState(options: ResolvedOptions) {
  let runtime: Runtime | undefined;
  let failure: EvaluatorError | undefined;
  let opening: Promise<void> | undefined;
  const open = async (): Promise<void> => {
    try {
      runtime = await openRuntime(options);
      failure = undefined;
    } catch (error) {
      failure = error instanceof EvaluatorError ? error : llamaCppError('MODEL_LOAD_FAILED', (error as Error).message, { cause: error });
      throw failure;
    } finally {
      opening = undefined;
    }
  };
  return {
    open(): Promise<void> {
      if (runtime) return Promise.resolve();
      return (opening ??= open());
    },
    ready(): Runtime {
      if (runtime) return runtime;
      if (failure) throw new EvaluatorError(failure.code, failure.message, { cause: failure });
      throw llamaCppError('NOT_READY', 'safeguard-llama-cpp is not set up (call setup() first)');
    },
    async close(): Promise<void> {
      await opening?.catch(() => undefined); // a setup still loading would leak its runtime
      const closing = runtime;
      runtime = undefined;
      await closing?.close();
    },
    health(): EvaluatorHealth {
      if (runtime) return { ready: true, detail: `${options.modelPath} (sha256 ${runtime.sha256.slice(0, 12)}…) on ${runtime.backend}` };
      return { ready: false, detail: failure?.message ?? 'not set up' };
    },
    sha256: (): string | null => runtime?.sha256 ?? null,
  };
}

function checkPolicies(policies: readonly EvaluatorPolicy[], max: number): void {
  if (policies.length === 0 || policies.length > max) {
    throw llamaCppError('INVALID_INPUT', `a call carries 1 to ${max} policies (maxPoliciesPerCall), not ${policies.length}`);
  }
}

function toResult(generation: Generation, policies: readonly EvaluatorPolicy[]): ReasonerResult {
  const { reasoning, output, usage } = generation;
  if (generation.inputTooLong) return { answers: policies.map(tooLong), reasoning, output, usage };
  // plugins parse; the engine validates every answer once (DESIGN §4)
  const answers = parseAnswers(output, policies, { truncated: generation.truncated });
  return { answers, reasoning, output, usage };
}

function tooLong(policy: EvaluatorPolicy): ReasonerAnswer {
  const finding = { code: 'INPUT_TOO_LONG', message: 'the policies and content fill the context window; nothing was generated' };
  return { policyId: policy.id, label: 'UNCERTAIN', policyCategory: null, ruleIds: [], confidence: null, rationale: null, findings: [finding] };
}
