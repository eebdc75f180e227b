import type { ContestedVerdict, PolicyVersionRow, VerdictRow } from '../../db/schema.js';
import { ruleText } from './rules.js';

type Version = Pick<PolicyVersionRow, 'id' | 'version' | 'rules' | 'body'> & { readonly slug: string };

/** Whether an appeal's decision changed any label it contested. */
export function appealOutcome(contested: readonly ContestedVerdict[], decided: readonly Pick<VerdictRow, 'policy_version_id' | 'label'>[]): 'UPHELD' | 'OVERTURNED' {
  const changed = decided.some((v) => {
    const before = contested.find((c) => c.policyVersionId === v.policy_version_id);
    return before !== undefined && before.label !== v.label;
  });
  return changed ? 'OVERTURNED' : 'UPHELD';
}

const LABEL_WORDS: Record<string, string> = { VIOLATING: 'violates', NON_VIOLATING: 'does not violate', UNCERTAIN: 'could not be decided under' };

function citation(version: Version, id: string): string {
  const { title, text } = ruleText(version, id);
  return `  - ${id}${title ? ` (${title})` : ''}${text ? `: "${text}"` : ''}`;
}

/**
 * The statement of reasons of an appeal decision (for DSA-style notices), built only from the
 * decision, the rule ids it cites and the pinned policy version's own text: no model is asked.
 */
export function statementOfReasons(args: {
  readonly outcome: 'UPHELD' | 'OVERTURNED';
  readonly versions: readonly Version[];
  readonly contested: readonly ContestedVerdict[];
  readonly decided: readonly Pick<VerdictRow, 'policy_version_id' | 'label' | 'rule_ids' | 'rationale'>[];
  readonly contestedRuleIds: ReadonlyMap<string, readonly string[]>;
}): string {
  const lines = [`Outcome: ${args.outcome}. The appeal was reviewed by a person, who re-examined the content against the policy.`];
  for (const verdict of args.decided) {
    const version = args.versions.find((v) => v.id === verdict.policy_version_id);
    if (!version) continue;
    const before = args.contested.find((c) => c.policyVersionId === version.id)?.label;
    const change = before && before !== verdict.label ? ` (the decision appealed was ${before})` : '';
    lines.push(`Policy "${version.slug}" version ${version.version}: the content ${LABEL_WORDS[verdict.label]} the policy${change}.`);
    if (verdict.rule_ids.length > 0) lines.push('Rules applied:', ...verdict.rule_ids.map((id) => citation(version, id)));
    const earlier = (args.contestedRuleIds.get(version.id) ?? []).filter((id) => !verdict.rule_ids.includes(id));
    if (earlier.length > 0) lines.push('Rules cited before and found not to apply:', ...earlier.map((id) => citation(version, id)));
    if (verdict.rationale) lines.push(`Reviewer's reasons: ${verdict.rationale}`);
  }
  return lines.join('\n');
}
