import type { Finding } from '../../../../sdk/index.js';
import { exampleSides } from './examples.js';
import { sections, type Section, type SectionKind } from './sections.js';
import { BOLD_RULE_ID } from './shapes.js';
import { estimateTokens } from './tokens.js';
import type { PolicyDocument } from './types.js';

/** gpt-oss-safeguard's guide: policies work best at 400–600 tokens (DESIGN §1). */
export const TOKEN_BUDGET = { min: 400, max: 600 } as const;

const REQUIRED: readonly (readonly [SectionKind, string, string])[] = [
  ['instructions', 'Instructions', '## Instructions'],
  ['definitions', 'Definitions', '## Definitions'],
  ['violates', 'Criteria: violates', '### Violates (1)'],
  ['safe', 'Criteria: does not violate', '### Does not violate (0)'],
  ['examples', 'Examples', '## Examples'],
];

/**
 * Checks a parsed document against the gpt-oss-safeguard guide. Findings are advice, not
 * parse problems: the document is usable, but likely to be judged less accurately.
 * Codes: MISSING_SECTION, TOKEN_BUDGET, DUPLICATE_RULE_ID, EXAMPLES_ONE_SIDED, NO_OUTPUT_FORMAT,
 * and UNDECLARED_RULE_ID. A triage regex RE2 cannot run (backreference, lookaround) is no finding
 * but a parse problem, so create and publish refuse it (see regex-safety.ts).
 */
export function lintPolicyDocument(document: PolicyDocument): Finding[] {
  const parts = sections(document.body);
  return [
    ...missingSections(parts),
    ...tokenBudget(document.body),
    ...duplicateRuleIds(parts),
    ...oneSidedExamples(parts),
    ...outputFormat(document.body, parts),
    ...undeclaredRuleIds(document),
  ];
}

function missingSections(parts: readonly Section[]): Finding[] {
  return REQUIRED.filter(([kind]) => !parts.some((part) => part.kind === kind)).map(([, name, example]) => ({
    code: 'MISSING_SECTION',
    message: `no ${name} section (expected a heading such as '${example}')`,
  }));
}

function tokenBudget(body: string): Finding[] {
  const tokens = estimateTokens(body);
  if (tokens >= TOKEN_BUDGET.min && tokens <= TOKEN_BUDGET.max) return [];
  const advice = tokens < TOKEN_BUDGET.min ? 'add definitions and boundary examples' : 'tighten it, or split the policy';
  return [{ code: 'TOKEN_BUDGET', message: `the body is ${tokens} tokens; gpt-oss-safeguard policies work best at ${TOKEN_BUDGET.min}–${TOKEN_BUDGET.max} (${advice})` }];
}

/** A bold id that starts a line (after a list marker) defines that rule. */
const DEFINITION = /^\s*(?:[-*+]|\d+[.)])?\s*\*\*([A-Z]{1,6}[0-9]{1,3}(?:\.[a-z0-9]{1,8})?)\*\*/;

function duplicateRuleIds(parts: readonly Section[]): Finding[] {
  // Without criteria headings, definitions are looked for everywhere.
  const criteria = parts.some((part) => part.inCriteria) ? parts.filter((part) => part.inCriteria) : parts;
  const counts = new Map<string, number>();
  for (const line of criteria.flatMap((part) => part.lines)) {
    const id = DEFINITION.exec(line)?.[1];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count > 1).map(([id, count]) => ({
    code: 'DUPLICATE_RULE_ID',
    message: `**${id}** is defined ${count} times in the criteria; each rule id must mean one thing`,
  }));
}

function oneSidedExamples(parts: readonly Section[]): Finding[] {
  const examples = parts.filter((part) => part.inExamples);
  if (examples.length === 0) return [];
  const sides = exampleSides(examples);
  const missing = [!sides.violating && 'violating', !sides.safe && 'non-violating'].filter(Boolean);
  if (missing.length === 0) return [];
  return [{ code: 'EXAMPLES_ONE_SIDED', message: `the examples have no ${missing.join(' or ')} case; show both sides of the boundary` }];
}

const OUTPUT_INSTRUCTION = /"violation"\s*:|\b(?:respond|answer|reply|output|return)\b[^\n]{0,80}\b(?:json|0\s+or\s+1)\b/i;

function outputFormat(body: string, parts: readonly Section[]): Finding[] {
  if (parts.some((part) => part.kind === 'output') || OUTPUT_INSTRUCTION.test(body)) return [];
  return [{ code: 'NO_OUTPUT_FORMAT', message: 'no explicit output format; say what to answer, e.g. {"violation": 0|1, "rule_ids": [...]}' }];
}

function undeclaredRuleIds(document: PolicyDocument): Finding[] {
  const declared = new Set(document.rules.map((rule) => rule.id));
  const found = new Set([...document.body.matchAll(BOLD_RULE_ID)].map((match) => match[1]!));
  return [...found].filter((id) => !declared.has(id)).map((id) => ({
    code: 'UNDECLARED_RULE_ID',
    message: `**${id}** appears in the body but not in the front matter rules; a verdict citing it would be flagged as a hallucinated rule id`,
  }));
}
