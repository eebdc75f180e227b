import { stringify } from 'yaml';
import type { PolicyDocument } from './types.js';

/**
 * Writes a document back as Markdown with front matter, in the key spelling authors use
 * (`on_match`, `min_severity`); `parsePolicyDocument` reads the result back to an equal document.
 */
export function formatPolicyDocument(document: PolicyDocument): string {
  const { triage } = document;
  const frontMatter = {
    slug: document.slug,
    name: document.name,
    effort: document.effort,
    rules: document.rules.map(({ id, title, severity, action }) => ({ id, title, severity, action })),
    triage: {
      match: triage.match.map(({ rule, terms, regex }) => ({ rule, ...(terms ? { terms: [...terms] } : {}), ...(regex ? { regex } : {}) })),
      on_match: triage.onMatch,
      ...(triage.thresholds
        ? { thresholds: { safe_below: triage.thresholds.safeBelow, violating_above: triage.thresholds.violatingAbove } }
        : {}),
    },
    review: {
      min_severity: document.review.minSeverity,
      ...(document.review.queue === undefined ? {} : { queue: document.review.queue }),
      ...(document.review.slaMinutes === undefined ? {} : { sla_minutes: document.review.slaMinutes }),
    },
  };
  return `---\n${stringify(frontMatter, { lineWidth: 0 })}---\n\n${document.body}\n`;
}
