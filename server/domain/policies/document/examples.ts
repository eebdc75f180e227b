import type { Section } from './sections.js';

// Labels that mark an example as non-violating. Checked, and removed, before the violating
// labels, because "does not violate" and "non-violating" contain "violat".
const SAFE = /\b(?:does\s+not|doesn't|do\s+not|not|non)[\s-]?violat\w*|\bno\s+violation\b|"violation"\s*:\s*0\b|\bsafe\b|\ballowed\b|\bvalid\b|(?:→|->|=>|\blabel\s*:?|\boutput\s*:?|\banswer\s*:?)\s*0\b/gi;
const VIOLATING = /\bviolat\w*|\binvalid\b|\bunsafe\b|"violation"\s*:\s*1\b|(?:→|->|=>|\blabel\s*:?|\boutput\s*:?|\banswer\s*:?)\s*1\b/i;

/** Quoted example content is the item, not its label: "is it safe?" says nothing about the side. */
function withoutQuotedContent(text: string): string {
  return text.replace(/“[^”\n]*”/g, '""').replace(/"([^"\n]*)"/g, (quoted, inner: string) => (inner === 'violation' ? quoted : '""'));
}

/** Which sides of the boundary the examples sections show, judged by their labels and subheadings. */
export function exampleSides(examples: readonly Section[]): { violating: boolean; safe: boolean } {
  const text = withoutQuotedContent(examples.flatMap((part) => [part.heading, ...part.lines]).join('\n'));
  const safe = new RegExp(SAFE.source, 'i').test(text);
  const violating = VIOLATING.test(text.replace(SAFE, ' '));
  return { violating, safe };
}
