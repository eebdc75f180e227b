import { useState } from 'preact/hooks';
import { evaluations, policies } from '../api.js';
import { can } from '../app.js';
import { go, href } from '../router.js';
import type { Evaluation, Viewer } from '../types.js';
import { formatTime, useAsync } from '../use-async.js';
import { LiveReasoning } from './live-reasoning.js';

/** Submit content against published policies; the evaluation opens at its own link. */
export function EvaluateView() {
  const { value: list, error } = useAsync(() => policies.list(), []);
  const [content, setContent] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [effort, setEffort] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    try {
      go('evaluations', await evaluations.submit(content, chosen, effort || null));
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  return (
    <section aria-labelledby="evaluate-title">
      <h1 id="evaluate-title">Evaluate content</h1>
      {error && <p role="alert" class="error">{error}</p>}
      <form onSubmit={submit} class="evaluate">
        <label for="eval-content">Content</label>
        <textarea id="eval-content" rows={5} required value={content} onInput={(e) => setContent(e.currentTarget.value)} />
        <fieldset>
          <legend>Policies</legend>
          {(list ?? []).filter((p) => p.publishedVersion).map((p) => (
            <label key={p.slug}>
              <input type="checkbox" value={p.slug} checked={chosen.includes(p.slug)}
                onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, p.slug] : chosen.filter((s) => s !== p.slug))} />
              {' '}{p.name} (<code>{p.slug}</code> v{p.publishedVersion!.version})
            </label>
          ))}
        </fieldset>
        <label for="eval-effort">Reasoning effort</label>
        <select id="eval-effort" value={effort} onChange={(e) => setEffort(e.currentTarget.value)}>
          <option value="">Auto</option><option value="LOW">Low</option><option value="MEDIUM">Medium</option><option value="HIGH">High</option>
        </select>
        {problem && <p role="alert" class="error">{problem}</p>}
        <button type="submit" disabled={chosen.length === 0 || content.trim() === ''}>Evaluate</button>
      </form>
    </section>
  );
}

/** One evaluation at its own link: live while it runs, then its stored verdicts. */
export function EvaluationView({ viewer, id }: { viewer: Viewer; id: string }) {
  const cot = can(viewer, 'readReasoning');
  const { value, error, reload } = useAsync(() => evaluations.get(id, cot), [id]);
  const [finished, setFinished] = useState<Evaluation | null>(null);
  const evaluation = finished ?? value;
  return (
    <article aria-labelledby="evaluation-title">
      <h1 id="evaluation-title">Evaluation <a href={href('evaluations', id)}><code>{id}</code></a></h1>
      {error && <p role="alert" class="error">{error}</p>}
      {evaluation === null && <p role="alert">No such evaluation.</p>}
      {evaluation && (
        <dl class="facts">
          <dt>Status</dt><dd data-testid="evaluation-status">{evaluation.status}</dd>
          <dt>Effort</dt><dd>{evaluation.effort ?? '—'} {evaluation.effortReason && `(${evaluation.effortReason})`}</dd>
          <dt>Policies</dt><dd>{evaluation.policyVersions.map((v) => `${v.policy?.slug}@${v.version}`).join(', ')}</dd>
          <dt>Provisional action</dt><dd>{evaluation.provisionalAction}</dd>
          <dt>Escalation</dt><dd>{evaluation.escalationReasons.join('; ') || '—'}</dd>
          <dt>Created</dt><dd>{formatTime(evaluation.createdAt)}</dd>
          {evaluation.error && <><dt>Error</dt><dd>{evaluation.error}</dd></>}
        </dl>
      )}
      {evaluation && <blockquote class="content">{evaluation.content}</blockquote>}
      <h2>Stages, reasoning and verdicts</h2>
      <LiveReasoning id={id} cot={cot} onFinished={(e) => (setFinished(e), reload())} />
    </article>
  );
}
