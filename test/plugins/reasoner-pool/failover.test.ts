import { afterEach, describe, expect, it } from 'vitest';
import type { ReasonerEvaluator, ReasoningFragment, ReasoningRestart } from '../../../sdk/index.js';
import { DEFAULT_REASONING, startModelServer, violatingScript, type ModelServer } from '../../helpers/model-servers/index.js';
import { spam } from '../../sdk/reasoning/fixtures.js';
import { closedPortUrl } from '../safeguard-openai/helpers.js';
import { poolOver } from './helpers.js';

const LONG_REASONING = `${DEFAULT_REASONING} `.repeat(6);
let servers: ModelServer[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function twoReplicas(scripts: Parameters<typeof startModelServer>[0]['script'][]): Promise<ModelServer[]> {
  servers = await Promise.all(scripts.map((script) => startModelServer({ flavour: 'vllm', script })));
  return servers;
}

function call(pool: ReasonerEvaluator, options: { onRestart?: (info: ReasoningRestart) => void; onFragment?: (f: ReasoningFragment) => void } = {}) {
  const fragments: ReasoningFragment[] = [];
  const result = pool.evaluate({
    policies: [spam], content: 'How do I upload a product photo?', effort: 'low', signal: new AbortController().signal,
    onReasoning: (fragment) => {
      fragments.push(fragment);
      options.onFragment?.(fragment);
    },
    ...(options.onRestart ? { onRestart: options.onRestart } : {}),
  });
  return { result, fragments };
}

describe('reasonerPool', () => {
  it('spreads concurrent calls over both replicas by outstanding requests', async () => {
    const [a, b] = await twoReplicas([{ delayMs: 2 }, { delayMs: 2 }]);
    const pool = poolOver([a!.url, b!.url], a!.model);
    const results = await Promise.all(Array.from({ length: 8 }, () => call(pool).result));
    expect(results.map((r) => r.answers[0]!.label)).toEqual(Array(8).fill('NON_VIOLATING'));
    expect([a!.chatRequests().length, b!.chatRequests().length]).toEqual([4, 4]);
  });

  it('alternates sequential calls between idle replicas', async () => {
    const [a, b] = await twoReplicas([{}, {}]);
    const pool = poolOver([a!.url, b!.url], a!.model);
    for (let i = 0; i < 6; i += 1) await call(pool).result;
    expect([a!.chatRequests().length, b!.chatRequests().length]).toEqual([3, 3]);
  });

  it('restarts a call whose replica dies mid-stream on the other one, once, and opens the dead one\'s breaker', async () => {
    const [a, b] = await twoReplicas([
      { reasoning: LONG_REASONING, chunkSize: 8, delayMs: 5 },
      violatingScript('SP2.a'),
    ]);
    const pool = poolOver([a!.url, b!.url], a!.model);
    const restarts: ReasoningRestart[] = [];
    let killed: Promise<void> | undefined;
    const { result, fragments } = call(pool, {
      onRestart: (info) => restarts.push({ ...info }),
      onFragment: () => void (killed ??= a!.close()), // the first fragment comes from a (round-robin starts there)
    });
    const settled = await result;
    await killed;
    expect(restarts).toEqual([{ attempt: 2, reason: expect.stringMatching(/^STREAM_INTERRUPTED: /) }]);
    expect(settled.answers.map((x) => ({ label: x.label, ruleIds: x.ruleIds }))).toEqual([{ label: 'VIOLATING', ruleIds: ['SP2.a'] }]);
    expect(settled.reasoning).toBe(violatingScript('SP2.a').reasoning);
    // the first attempt's fragments came before the restart; the result carries the second's only
    const fromA = fragments.map((f) => f.text).join('');
    expect(fromA.startsWith(LONG_REASONING.slice(0, 8))).toBe(true);
    expect(fromA.endsWith(settled.reasoning)).toBe(true);
    expect(b!.chatRequests()).toHaveLength(1);
    const health = await pool.health!();
    expect(health.ready).toBe(true);
    expect(health.replicas!.map((r) => ({ id: r.id, ready: r.ready, breaker: r.breaker, failed: r.failed, completed: r.completed }))).toEqual([
      { id: a!.url, ready: false, breaker: 'open', failed: 1, completed: 0 },
      { id: b!.url, ready: true, breaker: 'closed', failed: 0, completed: 1 },
    ]);
    // later calls go to the live replica only, with no restart
    await call(pool).result;
    expect(b!.chatRequests()).toHaveLength(2);
  });

  it('does not restart, and does not mix two attempts, when the caller gave no onRestart', async () => {
    const [a, b] = await twoReplicas([{ reasoning: LONG_REASONING, chunkSize: 8, delayMs: 5 }, {}]);
    const pool = poolOver([a!.url, b!.url], a!.model);
    let killed: Promise<void> | undefined;
    const { result, fragments } = call(pool, { onFragment: () => void (killed ??= a!.close()) });
    const settled = await result;
    await killed;
    expect(b!.chatRequests()).toHaveLength(0);
    expect(settled.answers[0]!.label).toBe('UNCERTAIN');
    expect(settled.answers[0]!.findings.map((f) => f.code)).toContain('TRUNCATED_OUTPUT');
    expect(fragments.map((f) => f.text).join('')).toBe(settled.reasoning);
    expect((await pool.health!()).replicas![0]!.breaker).toBe('open');
  });

  it('fails over silently from a replica that refuses connections, before any reasoning', async () => {
    const [live] = await twoReplicas([{}]);
    const dead = await closedPortUrl();
    const pool = poolOver([dead, live!.url], live!.model);
    const restarts: ReasoningRestart[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { result, fragments } = call(pool, { onRestart: (info) => restarts.push(info) });
      const settled = await result;
      expect(fragments.map((f) => f.text).join('')).toBe(settled.reasoning);
    }
    expect(restarts).toEqual([]);
    expect(live!.chatRequests()).toHaveLength(4);
    const health = await pool.health!();
    expect(health.replicas!.map((r) => [r.breaker, r.failed])).toEqual([['open', 1], ['closed', 0]]);
    expect(health.detail).toMatch(/^1 of 2 replicas ready/);
  });

  it('throws a retryable error when every replica is down', async () => {
    const pool = poolOver([await closedPortUrl(), await closedPortUrl()], 'm');
    await expect(call(pool).result).rejects.toMatchObject({ code: 'MODEL_SERVER_UNAVAILABLE', retryable: true });
    await expect(call(pool).result).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryable: true });
    expect(await pool.health!()).toMatchObject({ ready: false });
  });

  it('half-opens a replica after the cool-down and closes it on a successful trial', async () => {
    let now = 0;
    const [a, b] = await twoReplicas([{ failure: { kind: 'http-error', status: 503 } }, {}]);
    const pool = poolOver([a!.url, b!.url], a!.model, { clock: () => now, breaker: { failureThreshold: 1, cooldownMs: 1000 } });
    await call(pool).result;
    expect((await pool.health!()).replicas![0]!.breaker).toBe('open');
    now = 1000;
    expect((await pool.health!()).replicas![0]!.breaker).toBe('half-open');
  });

  it('rejects with an AbortError and leaves the breaker closed when the caller aborts', async () => {
    const [a, b] = await twoReplicas([{ delayMs: 20 }, { delayMs: 20 }]);
    const pool = poolOver([a!.url, b!.url], a!.model);
    const controller = new AbortController();
    const pending = pool.evaluate({ policies: [spam], content: 'x', effort: 'low', signal: controller.signal, onReasoning: () => controller.abort() });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect((await pool.health!()).replicas!.map((r) => r.breaker)).toEqual(['closed', 'closed']);
  });
});
