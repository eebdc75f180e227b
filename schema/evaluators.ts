import { type EvaluatorListing, listEvaluators } from '../server/fleet/service.js';
import { builder } from './builder.js';

// One evaluator and its health (probed once per request, or as its workers last reported it).
const EvaluatorInfoRef = builder.objectRef<EvaluatorListing>('EvaluatorInfo').implement({
  description: 'One configured evaluator (triage classifier or reasoner) and whether it is ready.',
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeString('version'),
    kind: t.exposeString('kind'),
    ready: t.boolean({ resolve: async (i) => (await i.health).ready }),
    detail: t.string({ nullable: true, resolve: async (i) => (await i.health).detail ?? null }),
    streamsReasoning: t.exposeBoolean('streamsReasoning'),
    maxPoliciesPerCall: t.exposeInt('maxPoliciesPerCall'),
  }),
});

builder.queryField('evaluators', (t) =>
  t.field({ type: [EvaluatorInfoRef], authScopes: { read: true }, description: 'The evaluators of the pipeline (this process and live workers), each probed once.', resolve: (_, __, c) => listEvaluators(c.services.db, c.services.engine.registry) }),
);
