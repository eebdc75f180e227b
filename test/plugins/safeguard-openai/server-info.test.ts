import { afterEach, describe, expect, it } from 'vitest';
import { safeguardOpenAI } from '../../../plugins/safeguard-openai/index.js';
import { startModelServer, type ModelServer } from '../../helpers/model-servers/index.js';
import { closedPortUrl, evaluatorFor, run } from './helpers.js';

describe('safeguard-openai health, flavour detection and identity', () => {
  let server: ModelServer;
  afterEach(() => server?.close());

  it.each(['vllm', 'ollama-native', 'llama-cpp'] as const)('is ready when %s lists the model', async (flavour) => {
    server = await startModelServer({ flavour });
    expect(await evaluatorFor(server).health!()).toMatchObject({ ready: true });
  });

  it('is not ready when the model is not listed', async () => {
    server = await startModelServer({ flavour: 'vllm', model: 'openai/gpt-oss-safeguard-120b' });
    const evaluator = safeguardOpenAI({ baseUrl: server.url, model: 'openai/gpt-oss-safeguard-20b' });
    expect(await evaluator.health!()).toEqual({
      ready: false,
      detail: 'openai/gpt-oss-safeguard-20b is not among the served models (openai/gpt-oss-safeguard-120b)',
    });
  });

  it('is not ready when the server is down, and setup does not throw', async () => {
    const evaluator = safeguardOpenAI({ baseUrl: await closedPortUrl(), model: 'm' });
    await expect(evaluator.setup!()).resolves.toBeUndefined();
    expect(await evaluator.health!()).toMatchObject({ ready: false, detail: expect.stringContaining('cannot list models') });
  });

  it('matches Ollama names with the implicit :latest tag', async () => {
    server = await startModelServer({ flavour: 'ollama-native', model: 'gpt-oss-safeguard:latest' });
    expect(await safeguardOpenAI({ baseUrl: server.url, model: 'gpt-oss-safeguard' }).health!()).toMatchObject({ ready: true });
  });

  it('detects Ollama at a bare origin and speaks its native API', async () => {
    server = await startModelServer({ flavour: 'ollama-native' });
    await run(safeguardOpenAI({ baseUrl: server.origin, model: server.model }));
    expect(server.chatRequests().map((r) => r.path)).toEqual(['/api/chat']);
  });

  it('detects an OpenAI-compatible server at a bare origin and adds /v1', async () => {
    server = await startModelServer({ flavour: 'vllm' });
    await run(safeguardOpenAI({ baseUrl: server.origin, model: server.model }));
    expect(server.chatRequests().map((r) => r.path)).toEqual(['/v1/chat/completions']);
  });

  it('speaks OpenAI to Ollama /v1 when told so, and still learns the model digest', async () => {
    server = await startModelServer({ flavour: 'ollama-openai', digest: 'sha256:abc123' });
    const evaluator = evaluatorFor(server, { flavour: 'openai' });
    await evaluator.setup!();
    await run(evaluator);
    expect(server.chatRequests().map((r) => r.path)).toEqual(['/v1/chat/completions']);
    expect(JSON.parse(evaluator.identity())).toEqual({ model: server.model, digest: 'sha256:abc123', prompt: 'arbiter-prompt/1', decoding: {} });
  });

  it('puts decoding parameters in the identity and in the request', async () => {
    server = await startModelServer({ flavour: 'vllm' });
    const evaluator = evaluatorFor(server, { temperature: 0, topP: 0.9, maxTokens: 2048 });
    await evaluator.setup!();
    expect(JSON.parse(evaluator.identity())).toEqual({
      model: server.model,
      digest: null,
      prompt: 'arbiter-prompt/1',
      decoding: { temperature: 0, top_p: 0.9, max_tokens: 2048 },
    });
    await run(evaluator);
    expect(server.chatRequests()[0]!.body).toMatchObject({ temperature: 0, top_p: 0.9, max_tokens: 2048 });
  });

  it('maps decoding parameters to Ollama native options', async () => {
    server = await startModelServer({ flavour: 'ollama-native' });
    await run(evaluatorFor(server, { temperature: 0.2, maxTokens: 512 }), { effort: 'low' });
    expect(server.chatRequests()[0]!.body).toMatchObject({ think: 'low', options: { temperature: 0.2, num_predict: 512 } });
  });

  it('sends the API key as a bearer token', async () => {
    server = await startModelServer({ flavour: 'lmstudio' });
    await run(evaluatorFor(server, { apiKey: 'sk-local' }));
    expect(server.chatRequests()[0]!.headers.authorization).toBe('Bearer sk-local');
  });
});
