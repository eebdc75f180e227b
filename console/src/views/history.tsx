import { useState } from 'preact/hooks';
import { decisions, exportUrl, policies } from '../api.js';
import { can } from '../app.js';
import { href } from '../router.js';
import type { DecisionFilter, Label, Stage, Verdict, Viewer } from '../types.js';
import { formatTime, useAsync } from '../use-async.js';
import { VerdictCard } from './verdict-card.js';

type Page = { verdicts: Verdict[]; next: string | null };

/** Decisions by policy, version, rule, label, stage and time; keyset pages; NDJSON of the same filter. */
export function HistoryView({ viewer }: { viewer: Viewer }) {
  const cot = can(viewer, 'readReasoning');
  const { value: list } = useAsync(() => policies.list(), []);
  const [filter, setFilter] = useState<DecisionFilter>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = async (f: DecisionFilter, stack: (string | null)[]) => {
    setProblem(null);
    try {
      setPage(await decisions.page(f, stack.at(-1) ?? null, cot));
      setCursors(stack);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  const search = (event: Event) => {
    event.preventDefault();
    const f = readFilter(event.currentTarget as HTMLFormElement);
    setFilter(f);
    void load(f, [null]);
  };
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">Decision history</h1>
      <form class="filters" onSubmit={search} aria-label="Filter decisions">
        <Field label="Policy" id="f-policy"><select id="f-policy" name="policySlug"><option value="">Any</option>
          {(list ?? []).map((p) => <option key={p.slug} value={p.slug}>{p.slug}</option>)}</select></Field>
        <Field label="Version" id="f-version"><input id="f-version" name="version" type="number" min={1} /></Field>
        <Field label="Rule id" id="f-rule"><input id="f-rule" name="ruleId" type="text" /></Field>
        <Field label="Label" id="f-label"><select id="f-label" name="label"><option value="">Any</option>
          <option>VIOLATING</option><option>NON_VIOLATING</option><option>UNCERTAIN</option></select></Field>
        <Field label="Stage" id="f-stage"><select id="f-stage" name="stage"><option value="">Any</option>
          <option>TRIAGE</option><option>REASONING</option><option>HUMAN</option></select></Field>
        <Field label="From" id="f-from"><input id="f-from" name="from" type="datetime-local" /></Field>
        <Field label="To" id="f-to"><input id="f-to" name="to" type="datetime-local" /></Field>
        <button type="submit">Search</button>
      </form>
      {problem && <p role="alert" class="error">{problem}</p>}
      {page && <Results page={page} filter={filter} />}
      {page && (
        <nav aria-label="Pages" class="pager">
          <button type="button" disabled={cursors.length < 2} onClick={() => load(filter, cursors.slice(0, -1))}>Previous page</button>
          <span>Page {cursors.length}</span>
          <button type="button" disabled={!page.next} onClick={() => load(filter, [...cursors, page.next])}>Next page</button>
        </nav>
      )}
    </section>
  );
}

function Field({ label, id, children }: { label: string; id: string; children: preact.ComponentChildren }) {
  return <div class="field"><label for={id}>{label}</label>{children}</div>;
}

function readFilter(form: HTMLFormElement): DecisionFilter {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim() || undefined;
  const time = (name: string) => (text(name) ? new Date(text(name)!).toISOString() : undefined);
  const version = text('version');
  return {
    policySlug: text('policySlug'), version: version ? Number(version) : undefined, ruleId: text('ruleId'),
    label: text('label') as Label | undefined, stage: text('stage') as Stage | undefined, from: time('from'), to: time('to'),
  };
}

function Results({ page, filter }: { page: Page; filter: DecisionFilter }) {
  return (
    <>
      <ExportButton filter={filter} />
      <table class="decisions">
        <caption>Decisions, newest first</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Policy</th><th scope="col">Stage</th><th scope="col">Label</th>
          <th scope="col">Rules</th><th scope="col">Decided by</th><th scope="col">Detail</th></tr></thead>
        <tbody>
          {page.verdicts.map((v) => (
            <tr key={v.id} data-verdict={v.id}>
              <td>{formatTime(v.createdAt)}</td>
              <td>{v.policyVersion.policy.slug}@{v.policyVersion.version}</td>
              <td>{v.stage}</td>
              <td><span class={`badge label ${v.label}`}>{v.label}</span></td>
              <td><code>{v.ruleIds.join(', ')}</code></td>
              <td>{v.reviewer ?? v.evaluator}</td>
              <td><a href={href('history', v.id)}>View</a></td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.verdicts.length === 0 && <p>No decisions match.</p>}
    </>
  );
}

/** The export needs the bearer header, so it is fetched here and offered as a file. */
function ExportButton({ filter }: { filter: DecisionFilter }) {
  const [state, setState] = useState<string | null>(null);
  const download = async () => {
    setState('Preparing…');
    try {
      const url = URL.createObjectURL(await decisions.exportBlob(filter));
      const link = Object.assign(document.createElement('a'), { href: url, download: 'decisions.ndjson' });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState('Downloaded.');
    } catch (e) {
      setState((e as Error).message);
    }
  };
  return (
    <p class="export">
      <button type="button" onClick={download} disabled={!filter.policySlug} title={exportUrl(filter)}>Download NDJSON</button>
      {!filter.policySlug && <span class="hint"> The export needs a policy.</span>}
      {state && <span role="status"> {state}</span>}
    </p>
  );
}

/** One verdict with its evaluator identity and its place in the hash chain. */
export function VerdictView({ viewer, id }: { viewer: Viewer; id: string }) {
  const cot = can(viewer, 'readReasoning');
  const { value, error } = useAsync(() => decisions.verdict(id, cot), [id]);
  if (error) return <p role="alert" class="error">{error}</p>;
  if (value === undefined) return <p role="status">Loading…</p>;
  if (value === null) return <p role="alert">No such verdict.</p>;
  return (
    <article aria-labelledby="verdict-title">
      <p><a href={href('history')}>← Decision history</a></p>
      <h1 id="verdict-title">Verdict <code>{value.id}</code></h1>
      <dl class="facts">
        <dt>Evaluator</dt><dd>{value.evaluator}</dd>
        <dt>Evaluator identity</dt><dd data-testid="evaluator-identity"><code>{value.evaluatorIdentity}</code></dd>
        {value.reviewer && <><dt>Reviewer</dt><dd>{value.reviewer}</dd></>}
        <dt>Effort</dt><dd>{value.effort ?? '—'}</dd>
        <dt>Chain</dt><dd>seq {value.chainSeq ?? '—'} · hash <code>{value.hash.slice(0, 16)}…</code></dd>
        {value.supersedes && <><dt>Supersedes</dt><dd><a href={href('history', value.supersedes.id)}>{value.supersedes.stage} {value.supersedes.label}</a></dd></>}
        <dt>Evaluation</dt><dd><a href={href('evaluations', value.evaluation.id)}>{value.evaluation.id}</a></dd>
      </dl>
      <VerdictCard verdict={value} cot={cot} />
    </article>
  );
}
