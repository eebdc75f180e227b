import { useState } from 'preact/hooks';
import type { HumanDecision, Label, PolicyVersion } from '../types.js';

const LABELS: Label[] = ['VIOLATING', 'NON_VIOLATING', 'UNCERTAIN'];

/** One fieldset per policy version: label, rule ids from that version's rules, rationale. */
export function DecisionForm({ versions, onDecide }: { versions: PolicyVersion[]; onDecide: (d: HumanDecision[], note: string | null) => void }) {
  const [decisions, setDecisions] = useState<Record<string, HumanDecision>>(() =>
    Object.fromEntries(versions.map((v) => [v.id, { policyVersionId: v.id, label: 'NON_VIOLATING' as Label, ruleIds: [], rationale: null }])));
  const [note, setNote] = useState('');
  const change = (id: string, patch: Partial<HumanDecision>) => setDecisions((all) => ({ ...all, [id]: { ...all[id]!, ...patch } }));
  const submit = (event: Event) => {
    event.preventDefault();
    onDecide(Object.values(decisions), note.trim() || null);
  };
  return (
    <form class="decide" onSubmit={submit} aria-labelledby="decide-title">
      <h2 id="decide-title">Decision</h2>
      {versions.map((version) => {
        const decision = decisions[version.id]!;
        const name = `${version.policy?.slug ?? version.id}@${version.version}`;
        return (
          <fieldset key={version.id}>
            <legend>{version.policy?.name} ({name})</legend>
            <div role="radiogroup" aria-label={`Label for ${name}`} class="labels">
              {LABELS.map((label) => (
                <label key={label}>
                  <input type="radio" name={`label-${version.id}`} value={label} checked={decision.label === label}
                    onChange={() => change(version.id, { label })} /> {label}
                </label>
              ))}
            </div>
            <fieldset class="rules">
              <legend>Rules cited</legend>
              {version.rules.map((rule) => (
                <label key={rule.id}>
                  <input type="checkbox" value={rule.id} checked={decision.ruleIds.includes(rule.id)}
                    onChange={(e) => change(version.id, { ruleIds: e.currentTarget.checked ? [...decision.ruleIds, rule.id] : decision.ruleIds.filter((r) => r !== rule.id) })} />
                  {' '}<code>{rule.id}</code> {rule.title}{rule.severity !== null && ` (severity ${rule.severity})`}
                </label>
              ))}
            </fieldset>
            <label for={`rationale-${version.id}`}>Rationale</label>
            <textarea id={`rationale-${version.id}`} rows={2} value={decision.rationale ?? ''}
              onInput={(e) => change(version.id, { rationale: e.currentTarget.value || null })} />
          </fieldset>
        );
      })}
      <label for="decision-note">Note (optional)</label>
      <input id="decision-note" type="text" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <button type="submit">Submit decision</button>
    </form>
  );
}
