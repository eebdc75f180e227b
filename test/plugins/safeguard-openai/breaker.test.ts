import { afterEach, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../helpers/model-servers/index.js';
import { evaluatorFor, rejection, run } from './helpers.js';

describe('safeguard-openai circuit breaker', () => {
  let server: ModelServer;
  let now = 0;
  afterEach(() => server.close());

  async function failingThenHealthy(failures: number): Promise<ModelServer> {
    const fail = { failure: { kind: 'http-error', status: 502 } } as const;
    return startModelServer({ flavour: 'vllm', script: (_, index) => (index < failures ? fail : {}) });
  }

  const options = { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 2, cooldownMs: 1_000 }, clock: () => now };

  it('opens after N consecutive failures and then refuses at once with CIRCUIT_OPEN', async () => {
    server = await failingThenHealthy(10);
    const evaluator = evaluatorFor(server, options);
    expect(await rejection(run(evaluator))).toMatchObject({ code: 'MODEL_SERVER_ERROR' });
    expect(await rejection(run(evaluator))).toMatchObject({ code: 'MODEL_SERVER_ERROR' });
    expect(await rejection(run(evaluator))).toMatchObject({ name: 'EvaluatorError', code: 'CIRCUIT_OPEN', retryable: true });
    expect(server.chatRequests()).toHaveLength(2);
    expect(await evaluator.health!()).toEqual({ ready: false, code: 'CIRCUIT_OPEN', detail: 'circuit breaker open after repeated model-server failures' });
  });

  it('half-opens after the cool-down and closes when the trial call succeeds', async () => {
    server = await failingThenHealthy(2);
    const evaluator = evaluatorFor(server, options);
    await rejection(run(evaluator));
    await rejection(run(evaluator));
    now += 999;
    expect(await rejection(run(evaluator))).toMatchObject({ code: 'CIRCUIT_OPEN' });
    now += 1;
    expect((await run(evaluator)).result.answers.map((a) => a.label)).toEqual(['NON_VIOLATING']);
    expect((await run(evaluator)).result.answers.map((a) => a.label)).toEqual(['NON_VIOLATING']);
    expect(server.chatRequests()).toHaveLength(4);
  });

  it('re-opens at once when the half-open trial fails', async () => {
    server = await failingThenHealthy(3);
    const evaluator = evaluatorFor(server, options);
    await rejection(run(evaluator));
    await rejection(run(evaluator));
    now += 1_000;
    expect(await rejection(run(evaluator))).toMatchObject({ code: 'MODEL_SERVER_ERROR' });
    expect(await rejection(run(evaluator))).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('resets the failure count after a success', async () => {
    server = await startModelServer({
      flavour: 'vllm',
      script: [{ failure: { kind: 'http-error', status: 500 } }, {}, { failure: { kind: 'http-error', status: 500 } }, {}],
    });
    const evaluator = evaluatorFor(server, options);
    await rejection(run(evaluator));
    await run(evaluator);
    await rejection(run(evaluator));
    expect((await run(evaluator)).result.answers).toHaveLength(1);
  });

  it('does not count a client error (4xx) as a server failure', async () => {
    server = await startModelServer({ flavour: 'vllm', script: { failure: { kind: 'http-error', status: 400 } } });
    const evaluator = evaluatorFor(server, options);
    for (let i = 0; i < 3; i += 1) expect(await rejection(run(evaluator))).toMatchObject({ code: 'MODEL_SERVER_ERROR', retryable: false });
  });
});
