import { afterEach, describe, expect, it } from 'vitest';
import { answerJson, startModelServer, type ModelServer } from '../../helpers/model-servers/index.js';
import { hate, spam } from '../../sdk/reasoning/fixtures.js';
import { evaluatorFor, rejection, run } from './helpers.js';

describe('safeguard-openai streaming', () => {
  let server: ModelServer;
  afterEach(() => server.close());

  it.each(['vllm', 'ollama-native', 'harmony-stripped'] as const)('hands %s reasoning to onReasoning while the stream is still open', async (flavour) => {
    // the stream stalls after 24 characters: anything received must have been forwarded unbuffered
    server = await startModelServer({ flavour, script: { chunkSize: 8, failure: { kind: 'stall', afterReasoningChars: 24 } } });
    const controller = new AbortController();
    const received: string[] = [];
    const firstFragments = new Promise<void>((resolve) => {
      void evaluatorFor(server).evaluate({
        policies: [spam], content: 'x', effort: 'low', signal: controller.signal,
        onReasoning: (fragment) => {
          received.push(fragment.text);
          if (received.join('').length >= 24) resolve();
        },
      }).catch(() => undefined);
    });
    await firstFragments;
    expect(received.join('')).toBe('The user posted a short ');
    expect(server.chatRequests()[0]).toBeDefined();
    controller.abort();
    expect(await server.chatRequests()[0]!.settled).toBe('client-closed');
  });

  it('evaluates several policies in one call, each answer from the object keyed by slug', async () => {
    const final = JSON.stringify({
      spam: JSON.parse(answerJson({ violation: 1, policy_category: 'SP2', rule_ids: ['SP2.a'], rationale: 'It violates SP2.a.' })),
      hate: JSON.parse(answerJson({ violation: 0, rationale: 'No slur; it does not violate the policy.' })),
    });
    // the reasoning concludes on the last policy only, so it must not be held against the first
    server = await startModelServer({ flavour: 'vllm', script: { final, reasoning: 'Spam: yes, SP2.a. Hate: nothing, so answer 0.' } });
    const { result, fragments } = await run(evaluatorFor(server), { policies: [spam, hate] });
    expect(result.answers.map((a) => [a.policyId, a.label, a.ruleIds, a.findings])).toEqual([
      [spam.id, 'VIOLATING', ['SP2.a'], []],
      [hate.id, 'NON_VIOLATING', [], []],
    ]);
    expect(fragments[0]!.policyIds).toEqual([spam.id, hate.id]);
    const { system } = { system: server.chatRequests()[0]!.body.messages![0]!.content };
    expect(system).toContain('# Policy `spam`');
    expect(system).toContain('# Policy `hate`');
  });

  it('rejects with AbortError at once when the signal is already aborted, sending nothing', async () => {
    server = await startModelServer({ flavour: 'vllm' });
    const controller = new AbortController();
    controller.abort();
    expect(await rejection(run(evaluatorFor(server), { signal: controller.signal }))).toMatchObject({ name: 'AbortError' });
    expect(server.chatRequests()).toHaveLength(0);
  });

  it('rejects with AbortError when aborted during a retry back-off', async () => {
    server = await startModelServer({ flavour: 'vllm', script: { failure: { kind: 'http-error', status: 500 } } });
    const controller = new AbortController();
    const evaluator = evaluatorFor(server, { retry: { maxRetries: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const pending = run(evaluator, { signal: controller.signal });
    while (server.chatRequests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await server.chatRequests()[0]!.settled;
    controller.abort();
    expect(await rejection(pending)).toMatchObject({ name: 'AbortError' });
    expect(server.chatRequests()).toHaveLength(1);
  });
});
