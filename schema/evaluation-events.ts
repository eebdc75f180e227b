import { permissions } from '../server/auth/roles.js';
import { type Context, scopeOf } from '../server/context.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { evaluationEvents } from '../server/domain/evaluations/stream.js';
import { getVerdict } from '../server/domain/verdicts/service.js';
import type { EvaluationEvent } from '../server/events/types.js';
import { ValidationError } from '../server/errors.js';
import { builder } from './builder.js';
import { EvaluationStatusEnum } from './enums.js';
import { rowId } from './ids.js';
import { EvaluationRef, VerdictRef } from './refs.js';

type Of<T extends EvaluationEvent['type']> = Extract<EvaluationEvent, { type: T }> & { readonly evaluationId: string };

const StageChanged = builder.objectRef<Of<'StageChanged'>>('StageChanged').implement({
  fields: (t) => ({ seq: t.exposeInt('seq', { nullable: false }), status: t.field({ type: EvaluationStatusEnum, resolve: (e) => e.status }) }),
});
const ReasoningDelta = builder.objectRef<Of<'ReasoningDelta'>>('ReasoningDelta').implement({
  description: 'A fragment of chain of thought, as the model produced it. Sent only to roles allowed to see reasoning.',
  fields: (t) => ({
    seq: t.exposeInt('seq', { nullable: false }),
    text: t.exposeString('text'),
    policyVersionIds: t.stringList({ resolve: (e) => [...e.policyVersionIds] }),
    evaluator: t.exposeString('evaluator'),
  }),
});
const ReasoningRestarted = builder.objectRef<Of<'ReasoningRestarted'>>('ReasoningRestarted').implement({
  description: 'A reasoning attempt starts again (the previous one failed or its worker died): reasoning deltas before this event belong to an abandoned attempt.',
  fields: (t) => ({
    seq: t.exposeInt('seq', { nullable: false }),
    attempt: t.exposeInt('attempt', { nullable: false, description: 'The attempt now starting: 2 for the first retry.' }),
    reason: t.exposeString('reason', { nullable: false, description: 'Why the previous attempt ended, as a stable code (e.g. STREAM_INTERRUPTED, WORKER_LOST).' }),
  }),
});
const VerdictReached = builder.objectRef<Of<'VerdictReached'>>('VerdictReached').implement({
  fields: (t) => ({ seq: t.exposeInt('seq', { nullable: false }), verdict: t.field({ type: VerdictRef, resolve: async (e, _, c) => (await getVerdict(scopeOf(c), e.verdictId))! }) }),
});
const EvaluationFinished = builder.objectRef<Of<'EvaluationFinished'>>('EvaluationFinished').implement({
  fields: (t) => ({ seq: t.exposeInt('seq', { nullable: false }), evaluation: t.field({ type: EvaluationRef, resolve: async (e, _, c) => (await getEvaluation(scopeOf(c), e.evaluationId))! }) }),
});

const types = { StageChanged, ReasoningDelta, ReasoningRestarted, VerdictReached, EvaluationFinished };
const EvaluationEventUnion = builder.unionType('EvaluationEvent', {
  types: Object.values(types),
  resolveType: (event) => event.type,
});

/** The events a caller may see, tagged with their evaluation: chain-of-thought only for roles allowed to read it. */
async function* visibleTo(context: Context, events: AsyncGenerator<EvaluationEvent>, evaluationId: string) {
  const reasoning = context.principal !== null && permissions.readReasoning(context.principal);
  for await (const event of events) if (reasoning || event.type !== 'ReasoningDelta') yield { ...event, evaluationId };
}

/** `afterSeq` is a seq already seen (0 or more); a negative one is refused (VALIDATION_FAILED). */
function checkAfterSeq(afterSeq: number | null | undefined): number {
  if (afterSeq !== null && afterSeq !== undefined && afterSeq < 0) {
    throw new ValidationError('invalid afterSeq', [{ path: 'afterSeq', line: null, message: 'must be 0 or more' }]);
  }
  return afterSeq ?? 0;
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
      const events = evaluationEvents(scopeOf(c), c.services.engine.bus, { evaluationId, afterSeq: checkAfterSeq(args.afterSeq) });
      return visibleTo(c, events, evaluationId);
    },
    resolve: (event) => event as never,
  }),
);
