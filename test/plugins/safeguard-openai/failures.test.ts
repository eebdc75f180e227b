import { afterEach, describe, expect, it } from 'vitest';
import { contradictoryScript, hallucinatedRuleScript, startModelServer, violatingScript, type ModelServer } from '../../helpers/model-servers/index.js';
import { spam } from '../../sdk/reasoning/fixtures.js';
import { closedPortUrl, evaluatorFor, rejection, run } from './helpers.js';
import { safeguardOpenAI } from '../../../plugins/safeguard-openai/index.js';
import { validateReasonerResult } from '../../../server/engine/validation.js';

const TRUNCATED = { policyId: spam.id, label: 'UNCERTAIN', policyCategory: null, ruleIds: [], confidence: null, rationale: null, findings: [{ code: 'TRUNCATED_OUTPUT', message: expect.any(String) }] };

describe('safeguard-openai failure handling', () => {
  let server: ModelServer;
  afterEach(() => server?.close());

  it('retries after a 500 and succeeds', async () => {
    server = await startModelServer({ flavour: 'vllm', script: [{ failure: { kind: 'http-error', status: 500 } }, violatingScript('SP2.a')] });
    const { result } = await run(evaluatorFor(server));
    expect(result.answers.map((a) => a.label)).toEqual(['VIOLATING']);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('retries after the connection drops before any response', async () => {
    server = await startModelServer({ flavour: 'ollama-native', script: [{ failure: { kind: 'drop' } }, {}] });
    const { result } = await run(evaluatorFor(server));
    expect(result.answers.map((a) => a.label)).toEqual(['NON_VIOLATING']);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('gives up after the configured retries with a retryable MODEL_SERVER_ERROR', async () => {
    server = await startModelServer({ flavour: 'llama-cpp', script: { failure: { kind: 'http-error', status: 503, message: 'loading model' } } });
    const error = await rejection(run(evaluatorFor(server)));
    expect(error).toMatchObject({ name: 'EvaluatorError', code: 'MODEL_SERVER_ERROR', retryable: true });
    expect(error.message).toContain('loading model');
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('does not retry a 4xx, and names a missing model', async () => {
    server = await startModelServer({ flavour: 'ollama-openai', model: 'gpt-oss-safeguard:120b' });
    const evaluator = safeguardOpenAI({ baseUrl: server.url, model: 'gpt-oss-safeguard:20b' });
    expect(await rejection(run(evaluator))).toMatchObject({ code: 'MODEL_NOT_FOUND', retryable: false });
    expect(server.chatRequests()).toHaveLength(0); // refused before a script ran
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('throws MODEL_SERVER_UNAVAILABLE when nothing listens', async () => {
    const evaluator = safeguardOpenAI({ baseUrl: await closedPortUrl(), model: 'm', retry: { maxRetries: 1, baseDelayMs: 1 } });
    expect(await rejection(run(evaluator))).toMatchObject({ name: 'EvaluatorError', code: 'MODEL_SERVER_UNAVAILABLE', retryable: true });
  });

  it('times out a stalled stream (headers, then silence) without retrying it', async () => {
    server = await startModelServer({ flavour: 'vllm', script: { failure: { kind: 'stall' } } });
    const evaluator = evaluatorFor(server, { timeouts: { firstTokenMs: 150 } });
    expect(await rejection(run(evaluator))).toMatchObject({ code: 'TIMEOUT', retryable: true, message: expect.stringContaining('first-token') });
    expect(await server.chatRequests()[0]!.settled).toBe('client-closed');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('times out a stream that goes idle after reasoning reached the caller', async () => {
    server = await startModelServer({ flavour: 'lmstudio', script: { failure: { kind: 'stall', afterReasoningChars: 40 } } });
    const fragments: string[] = [];
    const pending = evaluatorFor(server, { timeouts: { idleMs: 150 } }).evaluate({
      policies: [spam], content: 'x', effort: 'low', signal: new AbortController().signal, onReasoning: (f) => fragments.push(f.text),
    });
    expect(await rejection(pending)).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('idle') });
    expect(fragments.join('')).toHaveLength(40);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it.each(['vllm', 'ollama-native', 'harmony-raw'] as const)('returns a TRUNCATED_OUTPUT answer when a %s stream is cut mid-answer', async (flavour) => {
    server = await startModelServer({ flavour, script: violatingScript('SP2.a', { failure: { kind: 'cut', afterFinalChars: 30 } }) });
    const { result, fragments } = await run(evaluatorFor(server));
    expect(result.answers).toEqual([TRUNCATED]);
    expect(result.output).toHaveLength(30);
    expect(fragments.map((f) => f.text).join('')).toBe(result.reasoning);
    expect(result.reasoning).toContain('So it violates the policy.');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('retries a stream cut before anything reached the caller', async () => {
    server = await startModelServer({ flavour: 'vllm', script: [{ reasoning: '', failure: { kind: 'cut', afterFinalChars: 5 } }, {}] });
    const { result } = await run(evaluatorFor(server));
    expect(result.answers.map((a) => a.label)).toEqual(['NON_VIOLATING']);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it.each([
    ['finish_reason "length"', 'length'],
    ['a stream that ends with no finish reason', null],
  ] as const)('returns a TRUNCATED_OUTPUT answer for %s', async (_, finishReason) => {
    server = await startModelServer({ flavour: 'vllm', script: violatingScript('SP2.a', { finishReason }) });
    const { result } = await run(evaluatorFor(server));
    expect(result.answers).toEqual([TRUNCATED]);
  });

  it('aborting mid-stream rejects with AbortError and closes the server-side connection', async () => {
    server = await startModelServer({ flavour: 'vllm', script: { chunkSize: 4, delayMs: 5 } });
    const controller = new AbortController();
    const pending = evaluatorFor(server).evaluate({
      policies: [spam], content: 'x', effort: 'low', signal: controller.signal,
      onReasoning: () => controller.abort(),
    });
    expect(await rejection(pending)).toMatchObject({ name: 'AbortError' });
    expect(await server.chatRequests()[0]!.settled).toBe('client-closed');
  });

  it('parses a cited rule the policy lacks without judging it; the engine validator flags it once', async () => {
    server = await startModelServer({ flavour: 'vllm', script: hallucinatedRuleScript('SP9.z') });
    const { result } = await run(evaluatorFor(server));
    expect(result.answers[0]).toMatchObject({ label: 'VIOLATING', ruleIds: ['SP9.z'], findings: [] });
    const validated = validateReasonerResult(result, [spam]);
    expect(validated.answers[0]!.findings.map((f) => f.code)).toEqual(['HALLUCINATED_RULE_ID', 'HALLUCINATED_RULE_ID']);
  });

  it('parses a contradictory answer as given; the engine validator flags rationale and reasoning', async () => {
    server = await startModelServer({ flavour: 'ollama-native', script: contradictoryScript('SP2.a') });
    const { result } = await run(evaluatorFor(server));
    expect(result.answers[0]).toMatchObject({ label: 'VIOLATING', ruleIds: ['SP2.a'], findings: [] });
    const validated = validateReasonerResult(result, [spam]);
    expect(validated.answers[0]!.findings.map((f) => f.code)).toEqual(['INCONSISTENT_REASONING', 'INCONSISTENT_REASONING']);
  });

  it('rejects with the error onReasoning threw, without retrying', async () => {
    server = await startModelServer({ flavour: 'vllm' });
    const boom = new Error('subscriber went away');
    const pending = evaluatorFor(server).evaluate({
      policies: [spam], content: 'x', effort: 'low', signal: new AbortController().signal,
      onReasoning: () => { throw boom; },
    });
    await expect(pending).rejects.toBe(boom);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('rejects more policies than maxPoliciesPerCall with INVALID_INPUT', async () => {
    server = await startModelServer({ flavour: 'vllm' });
    const evaluator = evaluatorFor(server, { maxPoliciesPerCall: 1 });
    expect(await rejection(run(evaluator, { policies: [spam, { ...spam, id: 'other', slug: 'other' }] }))).toMatchObject({ code: 'INVALID_INPUT', retryable: false });
    expect(server.chatRequests()).toHaveLength(0);
  });
});
