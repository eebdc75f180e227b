import { permissions } from '../server/auth/roles.js';
import { type Context, scopeOf } from '../server/context.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { evaluationEvents } from '../server/domain/evaluations/stream.js';
import { getVerdict } from '../server/domain/verdicts/service.js';
import type { EvaluationEvent } from '../server/events/types.js';
import { builder } from './builder.js';
import { EvaluationStatusEnum } from './enums.js';
import { rowId } from './ids.js';
import { EvaluationRef, VerdictRef } from './refs.js';

type Of<T extends EvaluationEvent['type']> = Extract<EvaluationEvent, { type: T }> & { readonly evaluationId: string };

const StageChanged = builder.objectRef<Of<'StageChanged'>>('StageChanged').implement({
  fields: (t) => ({ seq: t.exposeInt('seq'), status: t.field({ type: EvaluationStatusEnum, resolve: (e) => e.status }) }),
});
const ReasoningDelta = builder.objectRef<Of<'ReasoningDelta'>>('ReasoningDelta').implement({
  description: 'A fragment of chain of thought, as the model produced it. Sent only to roles allowed to see reasoning.',
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    text: t.exposeString('text'),
    policyVersionIds: t.stringList({ resolve: (e) => [...e.policyVersionIds] }),
    evaluator: t.exposeString('evaluator'),
  }),
});
const VerdictReached = builder.objectRef<Of<'VerdictReached'>>('VerdictReached').implement({
  fields: (t) => ({ seq: t.exposeInt('seq'), verdict: t.field({ type: VerdictRef, resolve: async (e, _, c) => (await getVerdict(scopeOf(c), e.verdictId))! }) }),
});
const EvaluationFinished = builder.objectRef<Of<'EvaluationFinished'>>('EvaluationFinished').implement({
  fields: (t) => ({ seq: t.exposeInt('seq'), evaluation: t.field({ type: EvaluationRef, resolve: async (e, _, c) => (await getEvaluation(scopeOf(c), e.evaluationId))! }) }),
});

const types = { StageChanged, ReasoningDelta, VerdictReached, EvaluationFinished };
const EvaluationEventUnion = builder.unionType('EvaluationEvent', {
  types: Object.values(types),
  resolveType: (event) => event.type,
});

/** The events a caller may see, tagged with their evaluation: chain-of-thought only for roles allowed to read it. */
async function* visibleTo(context: Context, events: AsyncGenerator<EvaluationEvent>, evaluationId: string) {
  const reasoning = context.principal !== null && permissions.readReasoning(context.principal);
  for await (const event of events) if (reasoning || event.type !== 'ReasoningDelta') yield { ...event, evaluationId };
}

builder.subscriptionType({});
builder.subscriptionField('evaluationEvents', (t) =>
  t.field({
    type: EvaluationEventUnion,
    description: 'Replays the events after `afterSeq` (default: all), then streams live ones, gap-free, ending with EvaluationFinished.',
    authScopes: { read: true },
    args: { evaluationId: t.arg.id({ required: true }), afterSeq: t.arg.int() },
    subscribe: (_, args, c) => {
      const evaluationId = rowId(String(args.evaluationId), 'Evaluation');
      const events = evaluationEvents(scopeOf(c), c.services.engine.bus, { evaluationId, afterSeq: args.afterSeq ?? 0 });
      return visibleTo(c, events, evaluationId);
    },
    resolve: (event) => event as never,
  }),
);
