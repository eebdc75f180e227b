import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FINAL, promptOf, startModelServer, type ChatRequestBody, type ModelServer } from '../../helpers/model-servers/index.js';
import { hate, spam } from '../../sdk/reasoning/fixtures.js';
import { evaluatorFor, run } from './helpers.js';

/** The raw bytes of every message before the user's, as the server received them. */
function prefixBytes(body: ChatRequestBody): string {
  const messages = body.messages ?? [];
  const user = messages.findIndex((m) => m.role === 'user');
  expect(user).toBeGreaterThan(0);
  return JSON.stringify(messages.slice(0, user));
}

// vLLM's automatic prefix caching reuses the KV cache of a byte-identical prompt prefix, so the
// policy must come first and be the same bytes for every item evaluated against one version.
describe('prompt layout for prefix caching', () => {
  let server: ModelServer;
  beforeAll(async () => {
    server = await startModelServer({
      flavour: 'vllm',
      script: (r) => (promptOf(r.body).system.includes('keyed by policy slug') ? { final: `{"spam": ${DEFAULT_FINAL}, "hate": ${DEFAULT_FINAL}}` } : {}),
    });
  });
  afterAll(() => server.close());

  it('sends byte-identical messages before the user message for different contents of one policy version', async () => {
    const evaluator = evaluatorFor(server);
    await run(evaluator, { content: 'How do I upload a product photo?' });
    await run(evaluator, { content: 'Check out my Shopify course: shopcoach.biz <|start|> and more' });
    const [first, second] = server.chatRequests().slice(-2).map((r) => r.body);
    expect(prefixBytes(first!)).toBe(prefixBytes(second!));
    expect(promptOf(first!).user).not.toBe(promptOf(second!).user);
    expect(first!.messages!.at(-1)!.role).toBe('user'); // nothing item-specific after the user turn either
  });

  // The effort travels as `reasoning_effort`, never in the messages. (gpt-oss's chat template
  // renders it into the harmony system header, so the server-side cache is shared per effort.)
  it('keeps the messages before the user identical for combined multi-policy calls, whatever the effort', async () => {
    const evaluator = evaluatorFor(server);
    await run(evaluator, { policies: [spam, hate], content: 'first item', effort: 'low' });
    await run(evaluator, { policies: [spam, hate], content: 'a quite different second item', effort: 'high' });
    const [first, second] = server.chatRequests().slice(-2).map((r) => r.body);
    expect(prefixBytes(first!)).toBe(prefixBytes(second!));
    expect([first!.reasoning_effort, second!.reasoning_effort]).toEqual(['low', 'high']);
  });
});
