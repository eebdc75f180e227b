import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEvaluatorRegistry } from '../../../sdk/index.js';
import { createReadyReasoner } from '../../../server/engine/ready-reasoner.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';

function registryWith(health: () => Promise<{ ready: boolean; code?: string }>) {
  const registry = createEvaluatorRegistry();
  const { evaluator } = scriptedReasoner({});
  const probe = vi.fn(health);
  registry.register({ ...evaluator, health: probe });
  return { registry, probe };
}

describe('the ready reasoner', () => {
  afterEach(() => vi.useRealTimers());

  it('is the registered reasoner while it reports ready, probed once for many evaluations', async () => {
    const { registry, probe } = registryWith(async () => ({ ready: true }));
    const ready = createReadyReasoner(registry);
    for (let i = 0; i < 5; i += 1) expect(await ready()).toEqual({ reasoner: registry.reasoner() });
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('is none when the reasoner says it is not ready or its probe throws, and asks again later', async () => {
    vi.useFakeTimers({ now: 0 });
    let answer: () => Promise<{ ready: boolean }> = async () => ({ ready: false });
    const { registry, probe } = registryWith(() => answer());
    const ready = createReadyReasoner(registry);
    expect(await ready()).toEqual({ unavailable: 'REASONER_NOT_READY' });
    answer = async () => { throw new Error('connection refused'); };
    vi.setSystemTime(6_000);
    expect(await ready()).toEqual({ unavailable: 'HEALTH_PROBE_FAILED' });
    answer = async () => ({ ready: true });
    vi.setSystemTime(12_000);
    expect(await ready()).toEqual({ reasoner: registry.reasoner() });
    expect(probe).toHaveBeenCalledTimes(3);
  });

  it("reports an open circuit breaker as the plugin's own code", async () => {
    const { registry } = registryWith(async () => ({ ready: false, code: 'CIRCUIT_OPEN' }));
    expect(await createReadyReasoner(registry)()).toEqual({ unavailable: 'CIRCUIT_OPEN' });
  });

  it('is none without a registered reasoner', async () => {
    expect(await createReadyReasoner(createEvaluatorRegistry())()).toEqual({ unavailable: 'NO_REASONER' });
  });
});
