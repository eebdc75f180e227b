import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_SERVER_FLAVOURS, promptOf, startModelServer, violatingScript, type ModelServer } from '../../helpers/model-servers/index.js';
import { spam } from '../../sdk/reasoning/fixtures.js';
import { evaluatorFor, run } from './helpers.js';

const REASONING = 'The message links a shop <|and|> asks strangers to buy. That is rule SP2.a. So it violates the policy.';

describe.each(MODEL_SERVER_FLAVOURS)('safeguard-openai against %s', (flavour) => {
  let server: ModelServer;
  afterEach(() => server.close());

  it('streams the reasoning in fragments and parses the answer', async () => {
    server = await startModelServer({ flavour, script: violatingScript('SP2.a', { reasoning: REASONING, chunkSize: 7, usage: { promptTokens: 321, completionTokens: 45 } }) });
    const { result, fragments } = await run(evaluatorFor(server));
    expect(result.answers).toEqual([
      {
        policyId: spam.id,
        label: 'VIOLATING',
        policyCategory: 'SP2',
        ruleIds: ['SP2.a'],
        confidence: 'high',
        rationale: 'Unsolicited promotion; it violates SP2.a.',
        findings: [],
      },
    ]);
    expect(result.reasoning).toBe(REASONING);
    expect(fragments.length).toBeGreaterThan(10);
    expect(fragments.map((f) => f.text).join('')).toBe(REASONING);
    expect(fragments.every((f) => f.policyIds.length === 1 && f.policyIds[0] === spam.id)).toBe(true);
    expect(result.usage).toEqual({ promptTokens: 321, completionTokens: 45, totalTokens: 366 });
  });

  it('sends the policy as the system message, the content as the user message, and the effort natively', async () => {
    server = await startModelServer({ flavour });
    await run(evaluatorFor(server), { effort: 'high', content: 'Buy gold rings here!' });
    const [request] = server.chatRequests();
    const { system, user } = promptOf(request!.body);
    expect(system).toContain(spam.text);
    expect(system).toContain('"violation": 0|1');
    expect(user).toBe('Buy gold rings here!');
    expect(request!.body).toMatchObject(
      flavour === 'ollama-native'
        ? { model: server.model, stream: true, think: 'high' }
        : { model: server.model, stream: true, reasoning_effort: 'high', stream_options: { include_usage: true } },
    );
    expect(request!.path).toBe(flavour === 'ollama-native' ? '/api/chat' : '/v1/chat/completions');
  });
});
