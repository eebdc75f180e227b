import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvaluatorPolicy, TriageEvaluator, TriageMatchSpec, TriageResult } from '../../../sdk/index.js';
import { parsePolicyDocument } from '../../../server/domain/policies/document/index.js';

/** A policy from the library (policies/<slug>.md) as an evaluator sees it. */
export function libraryPolicy(slug: string): EvaluatorPolicy {
  const result = parsePolicyDocument(readFileSync(join(import.meta.dirname, '../../../policies', `${slug}.md`), 'utf8'));
  if (!result.ok) throw new Error(`${slug}: ${JSON.stringify(result.problems)}`);
  const { document } = result;
  return { id: `${slug}-v1`, slug, version: 1, text: document.body, rules: document.rules, triage: document.triage };
}

/** A policy whose triage is just `match`. */
export function matchPolicy(match: readonly TriageMatchSpec[], id = 'policy-1'): EvaluatorPolicy {
  return { id, slug: 'test', version: 1, text: '', rules: [], triage: { match, onMatch: 'escalate' } };
}

export async function classifyAll(evaluator: TriageEvaluator, policy: EvaluatorPolicy, contents: readonly string[]): Promise<readonly TriageResult[]> {
  const items = contents.map((content, index) => ({ id: `item-${index}`, content }));
  return evaluator.classify({ policy, items, signal: new AbortController().signal });
}
