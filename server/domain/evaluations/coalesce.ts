import type { EvaluationEvent } from '../../events/types.js';

type Delta = Extract<EvaluationEvent, { type: 'ReasoningDelta' }>;
type HeldDelta = Delta & { readonly lastSeq: number };

/** An event as a coalescing subscriber gets it: a ReasoningDelta may cover seq…lastSeq. */
export type CoalescedEvent = EvaluationEvent & { readonly lastSeq: number };

const TURN = Symbol('turn');
const nextTurn = () => new Promise<typeof TURN>((resolve) => setImmediate(resolve, TURN));

/**
 * Merges reasoning deltas that are already waiting when the subscriber is ready for the next one,
 * so a subscriber that falls behind (a slow socket, a thousand viewers) receives one frame for a
 * run of fragments instead of one per fragment. A delta is never held back once nothing else is
 * waiting, and the text, order and coverage (`seq`…`lastSeq`, gap-free) are unchanged.
 */
export async function* coalesceReasoning(source: AsyncIterator<EvaluationEvent>): AsyncGenerator<CoalescedEvent> {
  let pending: Promise<IteratorResult<EvaluationEvent>> | null = null;
  const state: { held: HeldDelta | null } = { held: null };
  for (;;) {
    pending ??= source.next();
    const result: IteratorResult<EvaluationEvent> | typeof TURN = state.held ? await Promise.race([pending, nextTurn()]) : await pending;
    if (result !== TURN) pending = null;
    yield* step(state, result);
    if (result !== TURN && result.done) return;
  }
}

/** One turn: the events to send now, in order; a delta may stay held, waiting for more. */
function step(state: { held: HeldDelta | null }, result: IteratorResult<EvaluationEvent> | typeof TURN): CoalescedEvent[] {
  const held = state.held;
  state.held = null;
  if (result === TURN || result.done) return held ? [held] : [];
  const event = result.value;
  if (event.type !== 'ReasoningDelta') return [...(held ? [held] : []), { ...event, lastSeq: event.seq }];
  if (held && sameCall(held, event)) {
    state.held = { ...held, text: held.text + event.text, lastSeq: event.seq };
    return [];
  }
  state.held = { ...event, lastSeq: event.seq };
  return held ? [held] : [];
}

const sameCall = (a: Delta, b: Delta): boolean =>
  a.evaluator === b.evaluator && a.policyVersionIds.length === b.policyVersionIds.length && a.policyVersionIds.every((id, i) => id === b.policyVersionIds[i]);
