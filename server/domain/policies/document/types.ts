import type { PolicyRuleSpec, TriageSettings } from '../../../../sdk/index.js';

/** A policy document parsed from Markdown with YAML front matter (DESIGN §7 "Policy documents"). */
export interface PolicyDocument {
  slug: string;
  name: string;
  effort: 'low' | 'medium' | 'high';
  rules: PolicyRuleSpec[];
  triage: TriageSettings;
  /** `queue` and `slaMinutes` are present only when the front matter sets them (defaults: `default`, 240). */
  review: { minSeverity: number | null; queue?: string; slaMinutes?: number };
  /** The Markdown body without front matter, trimmed: the text the reasoner receives. */
  body: string;
}

/** Why a document could not be parsed: where (`rules[2].severity`, `body`), on which file line, and what. */
export interface DocumentProblem {
  path: string;
  line: number | null;
  message: string;
}

export type ParseResult = { ok: true; document: PolicyDocument } | { ok: false; problems: DocumentProblem[] };
