import { describe, expect, it } from 'vitest';
import { coalesceReasoning } from '../../../server/domain/evaluations/coalesce.js';
import type { EvaluationEvent } from '../../../server/events/types.js';

const delta = (seq: number, text: string, policy = 'p1'): EvaluationEvent => ({ type: 'ReasoningDelta', seq, text, policyVersionIds: [policy], evaluator: 'r' });

async function* source(events: readonly EvaluationEvent[], gapAfter: readonly number[] = []) {
  for (const event of events) {
    yield event;
    if (gapAfter.includes(event.seq)) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function collect(events: AsyncIterable<unknown>) {
  const out = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('coalescing reasoning deltas', () => {
  it('merges deltas that are already waiting into one, keeping the covered range', async () => {
    const events = [{ type: 'StageChanged', seq: 1, status: 'REASONING' } as const, delta(2, 'a'), delta(3, 'b'), delta(4, 'c'), { type: 'EvaluationFinished', seq: 5, status: 'DECIDED' } as const];
    expect(await collect(coalesceReasoning(source(events)))).toEqual([
      { type: 'StageChanged', seq: 1, status: 'REASONING', lastSeq: 1 },
      { type: 'ReasoningDelta', seq: 2, lastSeq: 4, text: 'abc', policyVersionIds: ['p1'], evaluator: 'r' },
      { type: 'EvaluationFinished', seq: 5, status: 'DECIDED', lastSeq: 5 },
    ]);
  });

  it('does not hold a delta back when nothing else is waiting', async () => {
    const out = await collect(coalesceReasoning(source([delta(1, 'a'), delta(2, 'b'), delta(3, 'c')], [1, 2])));
    expect(out.map((e: any) => [e.seq, e.lastSeq, e.text])).toEqual([[1, 1, 'a'], [2, 2, 'b'], [3, 3, 'c']]);
  });

  it('never merges fragments of different reasoner calls', async () => {
    const out = await collect(coalesceReasoning(source([delta(1, 'a', 'p1'), delta(2, 'b', 'p2')])));
    expect(out.map((e: any) => [e.seq, e.lastSeq, e.text])).toEqual([[1, 1, 'a'], [2, 2, 'b']]);
  });
});
