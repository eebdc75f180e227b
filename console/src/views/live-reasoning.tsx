import { useEffect, useState } from 'preact/hooks';
import { evaluations } from '../api.js';
import type { Evaluation, EvaluationEvent, Verdict } from '../types.js';
import { VerdictCard } from './verdict-card.js';

/** Follows evaluationEvents: the stages, the chain of thought as it streams (when `cot`), the verdicts. */
export function LiveReasoning({ id, cot, onFinished }: { id: string; cot: boolean; onFinished?: (e: Evaluation) => void }) {
  const [stages, setStages] = useState<string[]>([]);
  const [reasoning, setReasoning] = useState('');
  const [verdicts, setVerdicts] = useState<Verdict[]>([]);
  const [state, setState] = useState<'streaming' | 'finished' | string>('streaming');
  useEffect(() => {
    setStages([]), setReasoning(''), setVerdicts([]), setState('streaming');
    const next = (event: EvaluationEvent) => {
      if (event.__typename === 'StageChanged') setStages((s) => [...s, event.status]);
      else if (event.__typename === 'ReasoningDelta') setReasoning((r) => r + event.text);
      else if (event.__typename === 'VerdictReached') setVerdicts((v) => [...v, event.verdict]);
      else (setState('finished'), onFinished?.(event.evaluation));
    };
    return evaluations.events(id, cot, {
      next,
      error: (e) => setState(`error: ${e.message}`),
      complete: () => setState((s) => (s === 'streaming' ? 'finished' : s)),
    });
  }, [id, cot]);
  return (
    <section class="live-eval" aria-label="Live evaluation" aria-busy={state === 'streaming'}>
      <ol class="stages" aria-label="Stages">{stages.map((s, i) => <li key={i}>{s}</li>)}</ol>
      <p role="status" data-testid="stream-state">{state === 'streaming' ? 'Streaming…' : state === 'finished' ? 'Finished' : state}</p>
      {cot && (
        <div class="cot">
          <h3>Chain of thought</h3>
          <pre data-testid="live-reasoning" tabIndex={0}>{reasoning || (state === 'streaming' ? '…' : '(none streamed)')}</pre>
        </div>
      )}
      {verdicts.map((v) => <VerdictCard key={v.id} verdict={v} cot={cot} />)}
    </section>
  );
}
