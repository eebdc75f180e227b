import type { EvaluatorPolicy } from '../../../sdk/index.js';
import { trainTriageModel, type TrainTriageModelResult } from '../../../server/triage/index.js';
import { syntheticItems } from '../../server/triage/synthetic.js';

let trained: Promise<TrainTriageModelResult> | undefined;

/** A small toxicity model trained once per test file on synthetic data. */
export function smallModel(): Promise<TrainTriageModelResult> {
  trained ??= trainTriageModel({
    items: syntheticItems(300),
    labelKey: 'toxicity',
    seed: 9,
    features: { buckets: 4096 },
    epochs: 6,
    learningRate: 0.1,
    batchSize: 16,
    ruleIds: ['TX1', 'TX9'],
  });
  return trained;
}

export function toxicityPolicy(overrides: Partial<EvaluatorPolicy> = {}): EvaluatorPolicy {
  return {
    id: 'pv-toxicity-1',
    slug: 'toxicity',
    version: 1,
    text: 'Toxicity policy',
    rules: [{ id: 'TX1', title: 'Insults', severity: 2, action: 'remove' }],
    triage: { match: [], onMatch: 'escalate' },
    ...overrides,
  };
}

export const CONTENTS = [
  'please help me write a poem about the sea',
  'you stupid loser, explain quantum physics to a child',
  'what is a good recipe for bread what trash',
  '',
  '¿Puedes ayudarme con mi jardín?',
];
