import { useState } from 'preact/hooks';
import { review } from '../api.js';
import { can } from '../app.js';
import { href } from '../router.js';
import type { HumanDecision, PolicyVersion, ReviewItem, Viewer } from '../types.js';
import { formatTime, useAsync } from '../use-async.js';
import { DecisionForm } from './decision-form.js';
import { LiveReasoning } from './live-reasoning.js';
import { PolicyText } from './policy-text.js';
import { VerdictCard } from './verdict-card.js';

const RUNNING = ['QUEUED', 'TRIAGE', 'REASONING'];

/** One review item: the content, the machine's verdicts and reasoning, the policy beside it, the decision. */
export function ReviewItemView({ viewer, id }: { viewer: Viewer; id: string }) {
  const cot = can(viewer, 'readReasoning');
  const { value: item, error, reload } = useAsync(() => review.item(id, cot), [id]);
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (error) return <p role="alert" class="error">{error}</p>;
  if (item === undefined) return <p role="status">Loading…</p>;
  if (item === null) return <p role="alert">No such review item.</p>;
  const mine = item.status === 'CLAIMED' && item.assignee === viewer.subject && can(viewer, 'review');
  const run = async (work: () => Promise<string>) => {
    setProblem(null);
    try {
      setMessage(await work());
      reload();
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  const decide = (decisions: HumanDecision[], note: string | null) =>
    run(async () => `Decided: ${(await review.decide(item.id, decisions, note)).map((v) => `${v.label} (${v.stage})`).join(', ')}`);
  return (
    <article aria-labelledby="item-title" class="review-item">
      <p><a href={href('queue')}>← Review queue</a></p>
      <h1 id="item-title">Review item <code>{item.id}</code></h1>
      <ItemFacts item={item} />
      {message && <p role="status" class="ok">{message}</p>}
      {problem && <p role="alert" class="error">{problem}</p>}
      <div class="actions">
        {can(viewer, 'review') && item.status === 'OPEN' && <button type="button" onClick={() => run(async () => (await review.claim(item.id), 'Claimed.'))}>Claim</button>}
        {mine && <button type="button" onClick={() => run(async () => (await review.release(item.id), 'Released.'))}>Release</button>}
      </div>
      <section aria-labelledby="content-title">
        <h2 id="content-title">Content</h2>
        <blockquote class="content" data-testid="content">{item.evaluation.content}</blockquote>
      </section>
      {item.appeal && <AppealFacts appeal={item.appeal} />}
      <div class="split">
        <section aria-labelledby="verdicts-title">
          <h2 id="verdicts-title">Verdicts</h2>
          {cot && RUNNING.includes(item.evaluation.status) && <LiveReasoning id={item.evaluation.id} cot={cot} />}
          {[...(item.evaluation.verdicts ?? []), ...(item.decisions ?? [])].filter(uniqueById()).map((v) => <VerdictCard key={v.id} verdict={v} cot={cot} />)}
        </section>
        <section aria-labelledby="policy-title">
          <h2 id="policy-title">Policy</h2>
          {item.evaluation.policyVersions.map((version) => <PolicyText key={version.id} version={version} cited={citedIn(item, version)} />)}
        </section>
      </div>
      {mine && <DecisionForm versions={item.evaluation.policyVersions} onDecide={decide} />}
    </article>
  );
}

const uniqueById = () => {
  const seen = new Set<string>();
  return (v: { id: string }) => !seen.has(v.id) && (seen.add(v.id), true);
};

const citedIn = (item: ReviewItem, version: PolicyVersion) =>
  item.evaluation.verdicts.filter((v) => v.policyVersion.id === version.id).flatMap((v) => v.ruleIds);

function ItemFacts({ item }: { item: ReviewItem }) {
  const late = item.status !== 'DECIDED' && new Date(item.dueAt).getTime() < Date.now();
  return (
    <dl class="facts">
      <dt>Status</dt><dd data-testid="item-status">{item.status}</dd>
      <dt>Queue</dt><dd>{item.queue}</dd>
      <dt>Priority</dt><dd>{item.priority}</dd>
      <dt>Assignee</dt><dd>{item.assignee ?? '—'}</dd>
      <dt>Due</dt><dd>{formatTime(item.dueAt)} {late && <span class="badge overdue">overdue</span>}</dd>
      <dt>Reasons</dt><dd>{item.reasons.join('; ') || '—'}</dd>
      <dt>Evaluation</dt><dd><a href={href('evaluations', item.evaluation.id)}>{item.evaluation.id}</a> ({item.evaluation.status})</dd>
    </dl>
  );
}

function AppealFacts({ appeal }: { appeal: NonNullable<ReviewItem['appeal']> }) {
  return (
    <section aria-labelledby="appeal-title" class="appeal">
      <h2 id="appeal-title">Appeal</h2>
      <p>{appeal.status}{appeal.outcome && ` — ${appeal.outcome}`}{appeal.appellant && ` · by ${appeal.appellant}`}</p>
      <p><strong>Reason:</strong> {appeal.reason}</p>
      {appeal.statementOfReasons && <><h3>Statement of reasons</h3><pre>{appeal.statementOfReasons}</pre></>}
    </section>
  );
}
