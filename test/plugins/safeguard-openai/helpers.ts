import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { EvaluatorPolicy, ReasonerEvaluator, ReasonerResult, ReasoningEffort, ReasoningFragment } from '../../../sdk/index.js';
import { safeguardOpenAI, type SafeguardOpenAIOptions } from '../../../plugins/safeguard-openai/index.js';
import type { ModelServer } from '../../helpers/model-servers/index.js';
import { spam } from '../../sdk/reasoning/fixtures.js';

/** Fast retries so failure tests take milliseconds. */
export const FAST: Partial<SafeguardOpenAIOptions> = { retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } };

export function evaluatorFor(server: ModelServer, overrides: Partial<SafeguardOpenAIOptions> = {}): ReasonerEvaluator {
  return safeguardOpenAI({ baseUrl: server.url, model: server.model, ...FAST, ...overrides });
}

/** One evaluate call, collecting the fragments it streamed. */
export async function run(
  evaluator: ReasonerEvaluator,
  options: { policies?: readonly EvaluatorPolicy[]; effort?: ReasoningEffort; signal?: AbortSignal; content?: string } = {},
): Promise<{ result: ReasonerResult; fragments: ReasoningFragment[] }> {
  const fragments: ReasoningFragment[] = [];
  const result = await evaluator.evaluate({
    policies: options.policies ?? [spam],
    content: options.content ?? 'How do I upload a product photo?',
    effort: options.effort ?? 'medium',
    signal: options.signal ?? new AbortController().signal,
    onReasoning: (fragment) => fragments.push(fragment),
  });
  return { result, fragments };
}

/** A URL on 127.0.0.1 where nothing listens (a port just released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

/** Resolves with the rejection of `promise` (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<{ name: string; code?: string; retryable?: boolean; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; code?: string; retryable?: boolean; message: string };
  }
  throw new Error('expected a rejection, got a result');
}
