import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evaluator, EvaluatorPolicy, ReasonerEvaluator, ReasoningFragment, TriageEvaluator } from '../../sdk/index.js';

/** What a plugin's test gives the shared contract suite. */
export interface ContractFixture {
  /** A ready-to-set-up evaluator. */
  readonly evaluator: Evaluator;
  /** Policies the evaluator can handle. */
  readonly policies: readonly EvaluatorPolicy[];
  /** Content items to evaluate (triage batches use all of them). */
  readonly contents: readonly string[];
  /** An evaluator of the same kind whose backend malfunctions (server down, model missing): it must throw. */
  readonly broken?: Evaluator;
  readonly cleanup?: () => Promise<void>;
}

const LABELS = ['VIOLATING', 'NON_VIOLATING', 'UNCERTAIN'];

/**
 * The shared contract every evaluator plugin passes (DESIGN §6): identity, lifecycle, output
 * shape, abort, reasoning-delta ordering, and errors thrown rather than returned.
 */
export function describeEvaluatorContract(label: string, makeFixture: () => Promise<ContractFixture>): void {
  describe(`evaluator contract: ${label}`, () => {
    let fixture: ContractFixture;
    beforeAll(async () => {
      fixture = await makeFixture();
      await fixture.evaluator.setup?.();
    });
    afterAll(async () => {
      await fixture?.evaluator.dispose?.();
      await fixture?.cleanup?.();
    });

    it('describes itself with a name, version, kind and stable identity', () => {
      const { evaluator } = fixture;
      expect(evaluator.name).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(evaluator.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(['triage', 'reasoner']).toContain(evaluator.kind);
      expect(evaluator.identity()).toBeTypeOf('string');
      expect(evaluator.identity().length).toBeGreaterThan(0);
      expect(evaluator.identity()).toBe(evaluator.identity());
    });

    it('reports itself ready after setup', async () => {
      const health = (await fixture.evaluator.health?.()) ?? { ready: true };
      expect(health.ready).toBe(true);
    });

    it('rejects with an AbortError when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(callOnce(fixture, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    });

    it('rejects with an AbortError when aborted while working', async () => {
      const controller = new AbortController();
      const pending = callOnce(fixture, controller.signal);
      controller.abort();
      const outcome = await pending.then(() => 'resolved', (error: Error) => error.name);
      // A call that finished before the abort landed may resolve; one that did not must be an AbortError.
      expect(['resolved', 'AbortError']).toContain(outcome);
    });

    it('throws, rather than returning a verdict, when its backend malfunctions', async () => {
      if (!fixture.broken) return;
      await fixture.broken.setup?.().catch(() => undefined);
      await expect(callOnce({ ...fixture, evaluator: fixture.broken }, new AbortController().signal)).rejects.toBeInstanceOf(Error);
      await fixture.broken.dispose?.();
    });

    describeOutputShape(() => fixture);
  });
}

function describeOutputShape(get: () => ContractFixture): void {
  it('returns well-formed output', async () => {
    const fixture = get();
    if (fixture.evaluator.kind === 'triage') await checkTriage(fixture.evaluator, fixture);
    else await checkReasoner(fixture.evaluator, fixture);
  });
}

async function checkTriage(evaluator: TriageEvaluator, fixture: ContractFixture): Promise<void> {
  const items = fixture.contents.map((content, index) => ({ id: `item-${index}`, content }));
  const results = await evaluator.classify({ policy: fixture.policies[0]!, items, signal: new AbortController().signal });
  expect(results.map((r) => r.itemId)).toEqual(items.map((i) => i.id));
  for (const result of results) {
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(LABELS).toContain(result.label);
    expect(Array.isArray(result.ruleIds)).toBe(true);
  }
}

async function checkReasoner(evaluator: ReasonerEvaluator, fixture: ContractFixture): Promise<void> {
  const policies = fixture.policies.slice(0, evaluator.capabilities.maxPoliciesPerCall);
  const fragments: ReasoningFragment[] = [];
  let resolved = false;
  const result = await evaluator.evaluate({
    policies,
    content: fixture.contents[0]!,
    effort: 'low',
    signal: new AbortController().signal,
    onReasoning: (fragment) => {
      expect(resolved).toBe(false);
      fragments.push(fragment);
    },
  });
  resolved = true;
  expect(result.answers.map((a) => a.policyId)).toEqual(policies.map((p) => p.id));
  for (const answer of result.answers) {
    expect(LABELS).toContain(answer.label);
    expect(Array.isArray(answer.ruleIds)).toBe(true);
    expect(Array.isArray(answer.findings)).toBe(true);
  }
  expect(fragments.map((f) => f.text).join('')).toBe(result.reasoning);
  if (evaluator.capabilities.streamsReasoning) expect(fragments.length).toBeGreaterThan(0);
  expect(result.usage.totalTokens).toBeGreaterThanOrEqual(0);
}

function callOnce(fixture: ContractFixture, signal: AbortSignal): Promise<unknown> {
  const { evaluator } = fixture;
  if (evaluator.kind === 'triage') {
    return evaluator.classify({ policy: fixture.policies[0]!, items: [{ id: 'a', content: fixture.contents[0]! }], signal });
  }
  return evaluator.evaluate({
    policies: fixture.policies.slice(0, 1),
    content: fixture.contents[0]!,
    effort: 'low',
    signal,
    onReasoning: () => undefined,
  });
}
