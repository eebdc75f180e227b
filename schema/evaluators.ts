import type { Evaluator } from '../sdk/index.js';
import { scopeOf } from '../server/context.js';
import { builder } from './builder.js';

interface EvaluatorInfo { readonly evaluator: Evaluator }

const EvaluatorInfoRef = builder.objectRef<EvaluatorInfo>('EvaluatorInfo').implement({
  fields: (t) => ({
    name: t.string({ resolve: (i) => i.evaluator.name }),
    version: t.string({ resolve: (i) => i.evaluator.version }),
    kind: t.string({ resolve: (i) => i.evaluator.kind }),
    ready: t.boolean({ resolve: async (i) => (await i.evaluator.health?.().catch(() => ({ ready: false })))?.ready ?? true }),
    detail: t.string({ nullable: true, resolve: async (i) => (await i.evaluator.health?.().catch((e: Error) => ({ detail: e.message })))?.detail ?? null }),
    streamsReasoning: t.boolean({ resolve: (i) => i.evaluator.capabilities.streamsReasoning }),
    maxPoliciesPerCall: t.int({ resolve: (i) => i.evaluator.capabilities.maxPoliciesPerCall }),
  }),
});

builder.queryField('evaluators', (t) =>
  t.field({ type: [EvaluatorInfoRef], authScopes: { read: true }, resolve: (_, __, c) => (scopeOf(c), c.services.engine.registry.list().map((evaluator) => ({ evaluator }))) }),
);
