/** A statement, found in free text, of whether the content violates the policy. */
export interface VerdictClaim {
  readonly violating: boolean;
  /** The sentence the claim was read from. */
  readonly sentence: string;
}

// Terms that assert a violation when not negated, and terms that assert the opposite.
const VIOLATION_TERMS = /\b(?:violat(?:e|es|ed|ing|ion|ions)|breach(?:es|ed)?|infring(?:e|es|ed|ing)|prohibited|disallowed|forbidden)\b/gi;
const ALLOWED_TERMS = /\b(?:allowed|permitted|permissible|acceptable|compliant|complies|benign|harmless)\b/gi;
// "answer: 0", "output 1", "violation = 1", "\"violation\": 0": a model stating its label outright.
const EXPLICIT = /(?:\b(?:output|answer|return|respond with|label)\b|"?\bviolation\b"?)\s*(?:is|should be|will be|would be|:|=)?\s*[`"'(]?\s*([01])\b(?!\.?\d)/gi;
const NEGATORS = new Set(['not', 'no', 'never', 'none', 'neither', 'nor', 'nothing', 'without', 'cannot', 'hardly']);
// Words that end the scope of a negation reaching forward to a verdict term.
const SCOPE_BREAKS = new Set(['because', 'since', 'as', 'that', 'which', 'who', 'so', 'and', 'or', 'if', 'when', 'than']);
// Sentences that only consider a possibility state nothing.
const HEDGES = /\b(?:if|would|could|might|may|whether|unless|potentially|possibly)\b/i;
const NEGATION_WINDOW = 5;
const RELATIVE = /\b(?:that|which|who)\s+$/i;

/**
 * Reads the verdict claims of a text (a rationale, a chain of thought), in order. Negation in
 * the few words before a term flips it ("does not appear to violate", "no violation",
 * "non-violating", "is not allowed"), as do "nothing"/"no"/"none" right after a violation verb
 * ("violates no rule"). Questions, hedged sentences ("would violate if …") and relative clauses
 * ("content that violates SP2 is …") claim nothing;
 * contrastive clauses ("does not violate SP1 but violates SP2.a") are read separately.
 */
export function readClaims(text: string): VerdictClaim[] {
  const claims: VerdictClaim[] = [];
  for (const sentence of text.split(/(?<=[.!?;])\s+|\n+/)) {
    const explicit = [...sentence.matchAll(EXPLICIT)];
    if (explicit.length > 0) {
      for (const match of explicit) claims.push({ violating: match[1] === '1', sentence: sentence.trim() });
      continue;
    }
    if (sentence.trim().endsWith('?') || HEDGES.test(sentence)) continue;
    for (const clause of sentence.split(/,|\b(?:but|however|although|though|whereas|yet|while)\b/i)) {
      for (const violating of clauseClaims(clause)) claims.push({ violating, sentence: sentence.trim() });
    }
  }
  return claims;
}

function clauseClaims(clause: string): boolean[] {
  const found: { index: number; violating: boolean }[] = [];
  for (const match of clause.matchAll(VIOLATION_TERMS)) {
    // "content that violates SP2 …" describes a class of content, not this content
    if (RELATIVE.test(clause.slice(0, match.index))) continue;
    const negated = isNegated(clause, match.index, match[0].length);
    found.push({ index: match.index, violating: !negated });
  }
  for (const match of clause.matchAll(ALLOWED_TERMS)) {
    found.push({ index: match.index, violating: isNegated(clause, match.index, match[0].length) });
  }
  return found.sort((a, b) => a.index - b.index).map((claim) => claim.violating);
}

function isNegated(clause: string, index: number, length: number): boolean {
  const before = clause.slice(0, index);
  if (/\bnon-?$/i.test(before)) return true;
  const words = before.toLowerCase().match(/[a-z']+/g) ?? [];
  let count = 0;
  for (let i = words.length - 1; i >= Math.max(0, words.length - NEGATION_WINDOW); i -= 1) {
    const word = words[i]!;
    if (SCOPE_BREAKS.has(word)) break;
    const next = words[i + 1];
    if ((word === 'not' && next === 'only') || (word === 'no' && next === 'doubt')) continue;
    if (NEGATORS.has(word) || word.endsWith("n't")) count += 1;
  }
  const after = clause.slice(index + length).toLowerCase();
  if (/^\s+(?:no|none|nothing)\b/.test(after)) count += 1;
  return count % 2 === 1;
}
