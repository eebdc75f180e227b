import { href } from '../router.js';
import type { Verdict } from '../types.js';
import { formatTime } from '../use-async.js';

/** One verdict: label, rules, rationale, findings, who decided; the chain of thought only when `cot`. */
export function VerdictCard({ verdict, cot }: { verdict: Verdict; cot: boolean }) {
  const version = verdict.policyVersion;
  return (
    <article class={`verdict label-${verdict.label}`} aria-label={`${verdict.stage} verdict on ${version.policy.slug}`}>
      <header>
        <span class="badge stage">{verdict.stage}</span>
        <span class={`badge label ${verdict.label}`}>{verdict.label}</span>
        <span>{version.policy.slug}@{version.version}</span>
        {verdict.ruleIds.length > 0 && <span>rules: <code>{verdict.ruleIds.join(', ')}</code></span>}
        {verdict.confidence && <span>confidence {verdict.confidence}</span>}
        <a href={href('history', verdict.id)}>details</a>
      </header>
      {verdict.rationale && <p class="rationale">{verdict.rationale}</p>}
      <p class="meta">
        {verdict.reviewer ? `reviewer ${verdict.reviewer}` : `evaluator ${verdict.evaluatorIdentity}`} · {formatTime(verdict.createdAt)}
        {verdict.latencyMs !== null && ` · ${verdict.latencyMs} ms`}
      </p>
      {verdict.findings.length > 0 && (
        <ul class="findings" aria-label="Findings">
          {verdict.findings.map((f) => <li key={f.code}><code>{f.code}</code> {f.message}</li>)}
        </ul>
      )}
      {cot && verdict.reasoning && (
        <details class="cot">
          <summary>Chain of thought</summary>
          <pre>{verdict.reasoning}</pre>
        </details>
      )}
    </article>
  );
}
