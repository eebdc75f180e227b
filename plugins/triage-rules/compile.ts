import { compilePolicyRegex, EvaluatorError, isPolicyRegexProblem, type PolicyRegex, type TriageMatchSpec } from '../../sdk/index.js';
import { normalizeCharacters, resolveLeetspeak } from './normalize.js';
import { occursIn, toRuns, type Run } from './terms.js';
import { createView, type View } from './view.js';

interface CompiledTerm {
  /** Null when plain matching would drop part of the term ("earn $$$" must not match "earn"). */
  readonly plain: readonly Run[] | null;
  readonly leet: readonly Run[];
}

export interface CompiledMatcher {
  readonly rule: string;
  readonly terms: readonly CompiledTerm[];
  readonly regex: PolicyRegex | null;
}

/** One content item in every form the matchers look at. */
export interface AnalysedText {
  /** Regexes run on all three texts: raw, normalised, and normalised with leetspeak resolved. */
  readonly texts: readonly [raw: string, normalized: string, leet: string];
  readonly plain: View;
  /** Leetspeak resolved with "1" as "i", and, when the text has a "1" or "|", as "l". */
  readonly leet: readonly View[];
}

/**
 * Every form is cut at `maxChars` (normalisation can expand a character, "㎉" to "kcal"), so
 * each regex scans at most 3 × maxChars characters and each term at most 2 views of maxChars.
 */
export function analyse(content: string, maxChars = Infinity): AnalysedText {
  content = content.slice(0, maxChars);
  const normalized = normalizeCharacters(content).slice(0, maxChars);
  const leet = resolveLeetspeak(normalized).slice(0, maxChars);
  const views = [createView(leet)];
  if (/[1|]/.test(normalized)) views.push(createView(resolveLeetspeak(normalized, 'l').slice(0, maxChars)));
  return { texts: [content, normalized, leet], plain: createView(normalized), leet: views };
}

export function compileMatchers(specs: readonly TriageMatchSpec[]): CompiledMatcher[] {
  return specs.map((spec) => ({
    rule: spec.rule,
    terms: (spec.terms ?? []).map((term) => compileTerm(spec.rule, term)),
    regex: spec.regex === undefined ? null : compileRegex(spec.rule, spec.regex),
  }));
}

export function matches(matcher: CompiledMatcher, text: AnalysedText): boolean {
  const termHit = matcher.terms.some(
    (term) => (term.plain !== null && occursIn(text.plain, term.plain)) || text.leet.some((view) => occursIn(view, term.leet)),
  );
  const { regex } = matcher;
  return termHit || (regex !== null && text.texts.some((candidate) => regex.test(candidate)));
}

function compileTerm(rule: string, term: string): CompiledTerm {
  const normalized = normalizeCharacters(term);
  const plain = createView(normalized);
  const leet = createView(resolveLeetspeak(normalized));
  if (leet.chars.length === 0) {
    throw new EvaluatorError('INVALID_TRIAGE_RULE', `triage term '${term}' of rule ${rule} has no letters or digits to match`);
  }
  return { plain: plain.chars.length === leet.chars.length ? toRuns(plain) : null, leet: toRuns(leet) };
}

// RE2, as the policy parser validates them: linear in the text, whatever the pattern.
function compileRegex(rule: string, source: string): PolicyRegex {
  const compiled = compilePolicyRegex(source);
  if (isPolicyRegexProblem(compiled)) throw new EvaluatorError('INVALID_TRIAGE_RULE', `triage regex of rule ${rule} does not compile: ${compiled.reason}`);
  return compiled;
}
