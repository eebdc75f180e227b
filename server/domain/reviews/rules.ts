import type { PolicyVersionRow, StoredRule, VerdictRow } from '../../db/schema.js';
import { type Problem, ValidationError } from '../../errors.js';

type Version = Pick<PolicyVersionRow, 'id' | 'version' | 'rules' | 'body'> & { readonly slug: string };

/** One reviewer decision on one policy version (DESIGN §7 `HumanDecisionInput`). */
export interface HumanDecision {
  readonly policyVersionId: string;
  readonly label: VerdictRow['label'];
  readonly ruleIds?: readonly string[] | null;
  readonly rationale?: string | null;
}

const BOLD_ID = /\*\*([A-Z]{1,6}[0-9]{1,3}(?:\.[a-z0-9]{1,8})?)\*\*/g;

/** The rule ids a version defines: its front-matter rules and every bold id of its text (the allowed-content ids too). */
export function knownRuleIds(version: Pick<Version, 'rules' | 'body'>): Set<string> {
  const ids = new Set(((version.rules ?? []) as unknown as StoredRule[]).map((r) => r.id));
  for (const match of version.body.matchAll(BOLD_ID)) ids.add(match[1]!);
  return ids;
}

/**
 * Checks a review decision against the evaluation's pinned versions: exactly one decision per
 * version, cited rule ids that the version defines, and a rule for every VIOLATING label.
 */
export function checkDecisions(versions: readonly Version[], decisions: readonly HumanDecision[]): void {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  decisions.forEach((decision, index) => {
    const path = `decisions[${index}]`;
    const version = versions.find((v) => v.id === decision.policyVersionId);
    if (!version) return void problems.push({ path: `${path}.policyVersionId`, line: null, message: 'is not a policy version of this evaluation' });
    if (seen.has(version.id)) problems.push({ path: `${path}.policyVersionId`, line: null, message: `${version.slug} v${version.version} is decided twice` });
    seen.add(version.id);
    const known = knownRuleIds(version);
    (decision.ruleIds ?? []).forEach((id, j) => {
      if (!known.has(id)) problems.push({ path: `${path}.ruleIds[${j}]`, line: null, message: `"${id}" is not a rule of ${version.slug} v${version.version}` });
    });
    if (decision.label === 'VIOLATING' && (decision.ruleIds ?? []).length === 0) {
      problems.push({ path: `${path}.ruleIds`, line: null, message: 'a VIOLATING decision must cite the rule it applies' });
    }
  });
  for (const version of versions) {
    if (!seen.has(version.id)) problems.push({ path: 'decisions', line: null, message: `${version.slug} v${version.version} has no decision` });
  }
  if (problems.length > 0) throw new ValidationError('invalid review decision', problems);
}

/** A rule's own words: its title from front matter and its defining line of the policy text. */
export function ruleText(version: Pick<Version, 'rules' | 'body'>, id: string): { title: string | null; text: string | null } {
  const rule = ((version.rules ?? []) as unknown as StoredRule[]).find((r) => r.id === id);
  const line = version.body.split('\n').find((l) => l.includes(`**${id}**`));
  const text = line ? line.replace(/^\s*(?:[-*+]|\d+\.)\s*/, '').replace(`**${id}**`, '').trim().replace(/^[:—–-]\s*/, '') : null;
  return { title: rule?.title ?? null, text: text || null };
}
