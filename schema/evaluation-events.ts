import { permissions } from '../server/auth/roles.js';
import { type Context, scopeOf } from '../server/context.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { evaluationEvents } from '../server/domain/evaluations/stream.js';
import { getVerdict } from '../server/domain/verdicts/service.js';
import type { EvaluationEvent } from '../server/events/types.js';
import { builder } from './builder.js';
import { EvaluationStatusEnum } from './enums.js';
import { ValidationError } from './errors.js';
import { rowId } from './ids.js';
import { EvaluationRef, VerdictRef } from './refs.js';

type Of<T extends EvaluationEvent['type']> = Extract<EvaluationEvent, { type: T }> & { readonly evaluationId: string };
type AnyEvent = EvaluationEvent & { readonly evaluationId: string };

/**
 * `interface EvaluationEvent { seq: Int! }`: every event type implements it, so a client can resume
 * from the last `seq` it saw whatever the event. A new event type is one `eventType(...)` call.
 */
export const EvaluationEventInterface = builder.interfaceRef<AnyEvent>('EvaluationEvent').implement({
  description: 'One event of an evaluation, in gap-free `seq` order; resume with `afterSeq` = the last seq seen.',
  resolveType: (event) => event.type,
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'The position of this event in its evaluation (1, 2, 3, …).' }),
    evaluationId: t.globalID({ description: 'The Evaluation global id.', resolve: (e) => ({ type: 'Evaluation', id: e.evaluationId }) }),
  }),
});

/** Declares one event type implementing EvaluationEvent (its `seq` and `evaluationId` come from the interface). */
export function eventType<T extends EvaluationEvent['type']>(name: T, options: Omit<Parameters<ReturnType<typeof builder.objectRef<Of<T>>>['implement']>[0], 'interfaces' | 'isTypeOf'>) {
  return builder.objectRef<Of<T>>(name).implement({ ...options, interfaces: [EvaluationEventInterface], isTypeOf: (event) => (event as AnyEvent).type === name });
}

eventType('StageChanged', {
  description: 'The evaluation moved to another status.',
  fields: (t) => ({ status: t.field({ type: EvaluationStatusEnum, description: 'The new status.', resolve: (e) => e.status }) }),
});
eventType('ReasoningDelta', {
  description: 'A fragment of chain of thought, as the model produced it. Sent only to roles allowed to see reasoning.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'The next characters of the chain of thought.' }),
    policyVersionIds: t.globalIDList({
      description: 'The PolicyVersion global ids the model is reasoning about.',
      resolve: (e) => e.policyVersionIds.map((id) => ({ type: 'PolicyVersion', id })),
    }),
    evaluator: t.exposeString('evaluator', { description: 'The reasoner producing it.' }),
  }),
});
eventType('VerdictReached', {
  description: 'A stage reached a verdict on one policy version.',
  fields: (t) => ({ verdict: t.field({ type: VerdictRef, resolve: async (e, _, c) => (await getVerdict(scopeOf(c), e.verdictId))! }) }),
});
eventType('EvaluationFinished', {
  description: 'The last event: the evaluation ended (DECIDED, ESCALATED, FAILED or CANCELLED).',
  fields: (t) => ({ evaluation: t.field({ type: EvaluationRef, resolve: async (e, _, c) => (await getEvaluation(scopeOf(c), e.evaluationId))! }) }),
});
eventType('ReasoningRestarted', {
  description: 'A reasoning attempt starts again (the previous one failed, its worker died or its replica was cut): reasoning deltas before this event belong to an abandoned attempt.',
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: 'The attempt now starting: 2 for the first retry.' }),
    reason: t.exposeString('reason', { description: 'Why the previous attempt ended, as a stable code (e.g. STREAM_INTERRUPTED, WORKER_LOST).' }),
  }),
});

/** The events a caller may see, tagged with their evaluation: chain-of-thought only for roles allowed to read it. */
async function* visibleTo(context: Context, events: AsyncGenerator<EvaluationEvent>, evaluationId: string) {
  const reasoning = context.principal !== null && permissions.readReasoning(context.principal);
  for await (const event of events) if (reasoning || event.type !== 'ReasoningDelta') yield { ...event, evaluationId };
}

builder.subscriptionType({ description: 'Live streams (graphql-ws on /graphql, or SSE).' });
builder.subscriptionField('evaluationEvents', (t) =>
  t.field({
    type: EvaluationEventInterface,
    description: 'Replays the events after `afterSeq` (default: all), then streams live ones, gap-free, ending with EvaluationFinished.',
    authScopes: { read: true },
    args: {
      evaluationId: t.arg.id({ required: true, description: 'The Evaluation global id.' }),
      afterSeq: t.arg.int({ description: 'The last seq already seen: only later events are sent (default 0: all).' }),
    },
    subscribe: (_, args, c) => {
      const evaluationId = rowId(String(args.evaluationId), 'Evaluation');
      if (args.afterSeq != null && args.afterSeq < 0) throw new ValidationError('"afterSeq" must be 0 or more', [{ path: 'afterSeq', line: null, message: `got ${args.afterSeq}` }]);
      // An EventSource reconnecting sends Last-Event-ID: resume after it rather than replay from afterSeq.
      const afterSeq = Math.max(args.afterSeq ?? 0, c.resumeAfterSeq ?? 0);
      const events = evaluationEvents(scopeOf(c), c.services.engine.bus, { evaluationId, afterSeq });
      return visibleTo(c, events, evaluationId);
    },
    resolve: (event) => event as never,
  }),
);
