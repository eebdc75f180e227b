import { describe, expect, it } from 'vitest';
import { createEvaluatorRegistry, DuplicateEvaluatorError, type TriageEvaluator } from '../../sdk/index.js';
import { scriptedReasoner } from '../helpers/scripted-reasoner.js';

function triage(name: string, log: string[], failDispose = false): TriageEvaluator {
  return {
    kind: 'triage', name, version: '1.0.0', identity: () => name,
    capabilities: { streamsReasoning: false, supportsEffort: false, maxPoliciesPerCall: 1, batchSize: 8 },
    setup: async () => void log.push(`setup ${name}`),
    dispose: async () => {
      log.push(`dispose ${name}`);
      if (failDispose) throw new Error(`${name} failed to dispose`);
    },
    classify: async ({ items }) => items.map((item) => ({ itemId: item.id, score: 0, label: 'UNCERTAIN' as const, ruleIds: [] })),
  };
}

describe('evaluator registry', () => {
  it('rejects a second evaluator with the same name', () => {
    const registry = createEvaluatorRegistry();
    registry.register(triage('rules', []));
    expect(() => registry.register(triage('rules', []))).toThrow(DuplicateEvaluatorError);
    expect(() => registry.register(triage('rules', []))).toThrow(expect.objectContaining({ code: 'DUPLICATE_EVALUATOR' }));
  });

  it('sets up in registration order and disposes in reverse, all of them even when one fails', async () => {
    const log: string[] = [];
    const registry = createEvaluatorRegistry();
    for (const [name, fails] of [['a', false], ['b', true], ['c', false]] as const) registry.register(triage(name, log, fails));
    await registry.setup();
    await expect(registry.dispose()).rejects.toBeInstanceOf(AggregateError);
    expect(log).toEqual(['setup a', 'setup b', 'setup c', 'dispose c', 'dispose b', 'dispose a']);
  });

  it('tells triage evaluators from the reasoner', () => {
    const registry = createEvaluatorRegistry();
    const { evaluator } = scriptedReasoner({});
    registry.register(triage('rules', []));
    registry.register(evaluator);
    expect(registry.triage().map((e) => e.name)).toEqual(['rules']);
    expect(registry.reasoner()).toBe(evaluator);
    expect(registry.get('scripted')).toBe(evaluator);
  });
});
