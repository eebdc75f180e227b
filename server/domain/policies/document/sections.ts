// Finds the gpt-oss-safeguard guide's sections in a policy body by their headings: ATX headings
// (`## Examples`) and lines that are wholly bold (`**Examples**`), as policy authors write both.

export type SectionKind = 'instructions' | 'definitions' | 'criteria' | 'violates' | 'safe' | 'examples' | 'output' | 'other';

export interface Section {
  readonly kind: SectionKind;
  /** ATX level 1–6; 7 for a bold line, which nests under any ATX heading. */
  readonly level: number;
  /** Whether this section is, or is nested under, an examples or a criteria section. */
  readonly inExamples: boolean;
  readonly inCriteria: boolean;
  readonly heading: string;
  /** The lines from the heading's next line up to the next heading. */
  readonly lines: string[];
}

// Order matters: "does not violate" must be read as the safe side before "violat" is seen.
const KINDS: readonly (readonly [SectionKind, RegExp])[] = [
  ['examples', /\bexamples?\b/],
  ['output', /\boutput\b|\b(?:response|answer)\s+format\b|^format\b/],
  ['violates', /\bnot\s+allowed\b|\bdisallowed\b|\bprohibited\b|\bunsafe\b/],
  ['safe', /\b(?:does\s+not|doesn't|do\s+not|not|non)[\s-]?violat|\bsafe\b|\ballowed\b|\bacceptable\b|\bpermitted\b|\bvalid\b|label\s*:?\s*0\b|\(0\)/],
  ['violates', /\bviolat|\binvalid\b|label\s*:?\s*1\b|\(1\)/],
  ['criteria', /\bcriteria\b|\brules\b|\bclassification\b/],
  ['definitions', /\bdefinitions?\b|\bkey\s+terms\b|\bterminology\b|\bglossary\b/],
  ['instructions', /\binstructions?\b|\bgoal\b|\btask\b|\bpurpose\b|\bhow\s+to\s+(?:use|apply)\b/],
];

export function classifyHeading(text: string): SectionKind {
  const lower = text.toLowerCase();
  return KINDS.find(([, pattern]) => pattern.test(lower))?.[0] ?? 'other';
}

const ATX = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const BOLD_LINE = /^\s*\*\*([^*]+)\*\*\s*:?\s*$/;
const RULE_ID_ONLY = /^[A-Z]{1,6}[0-9]{1,3}(?:\.[a-z0-9]{1,8})?$/;

const CRITERIA_KINDS: readonly SectionKind[] = ['criteria', 'violates', 'safe'];

function parseHeading(line: string): { text: string; level: number } | null {
  const atx = ATX.exec(line);
  if (atx) return { text: atx[1] ?? '', level: line.trim().match(/^#+/)![0].length };
  const bold = BOLD_LINE.exec(line);
  // A rule id alone on a bold line is a criterion, not a heading.
  return bold && !RULE_ID_ONLY.test(bold[1]!.trim()) ? { text: bold[1]!.trim(), level: 7 } : null;
}

/** Splits a body into sections; text before the first heading is an `other` section. */
export function sections(body: string): Section[] {
  const root: Section = { kind: 'other', level: 0, inExamples: false, inCriteria: false, heading: '', lines: [] };
  const result = [root];
  const open: Section[] = [root];
  let fenced = false;
  for (const line of body.split('\n')) {
    if (/^\s*(?:```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : parseHeading(line);
    if (heading === null) {
      result[result.length - 1]!.lines.push(line);
      continue;
    }
    while (open.length > 1 && open[open.length - 1]!.level >= heading.level) open.pop();
    const parent = open[open.length - 1]!;
    const kind = classifyHeading(heading.text);
    const inExamples = parent.inExamples || kind === 'examples';
    const inCriteria = !inExamples && (parent.inCriteria || CRITERIA_KINDS.includes(kind));
    const section: Section = { kind, level: heading.level, inExamples, inCriteria, heading: heading.text, lines: [] };
    result.push(section);
    open.push(section);
  }
  return result;
}
