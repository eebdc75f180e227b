import type { Evaluator } from '../sdk/index.js';
import { builder } from './builder.js';

/** One evaluator and its health, probed once per request however many fields ask. */
interface EvaluatorInfo { readonly evaluator: Evaluator; readonly health: Promise<{ ready: boolean; detail?: string }> }

const EvaluatorInfoRef = builder.objectRef<EvaluatorInfo>('EvaluatorInfo').implement({
  description: 'One configured evaluator (triage classifier or reasoner) and whether it is ready.',
  fields: (t) => ({
    name: t.string({ resolve: (i) => i.evaluator.name }),
    version: t.string({ resolve: (i) => i.evaluator.version }),
    kind: t.string({ resolve: (i) => i.evaluator.kind }),
    ready: t.boolean({ resolve: async (i) => (await i.health).ready }),
    detail: t.string({ nullable: true, resolve: async (i) => (await i.health).detail ?? null }),
    streamsReasoning: t.boolean({ resolve: (i) => i.evaluator.capabilities.streamsReasoning }),
    maxPoliciesPerCall: t.int({ resolve: (i) => i.evaluator.capabilities.maxPoliciesPerCall }),
  }),
});

builder.queryField('evaluators', (t) =>
  t.field({ type: [EvaluatorInfoRef], authScopes: { read: true }, description: 'The evaluators of the pipeline, each probed once.', resolve: (_, __, c) => c.services.engine.registry.list().map((evaluator) => ({ evaluator, health: probe(evaluator) })) }),
);

function probe(evaluator: Evaluator): Promise<{ ready: boolean; detail?: string }> {
  if (!evaluator.health) return Promise.resolve({ ready: true });
  return evaluator.health().catch((error: Error) => ({ ready: false, detail: error.message }));
}
