// Policy regexes run in RE2 (linear time, DESIGN §4), so there is no backtracking to screen
// for; what remains is refusing what RE2 cannot run and what would flag every item.
import { compilePolicyRegex, isPolicyRegexProblem } from '../../../../sdk/index.js';

/** Why a triage regex is unusable, or null: RE2 cannot run it, or it matches the empty string. */
export function regexProblem(source: string): string | null {
  const compiled = compilePolicyRegex(source);
  if (isPolicyRegexProblem(compiled)) return `is not a valid RE2 regular expression: ${compiled.reason}`;
  // A pattern that matches nothing at all would flag every item.
  if (compiled.test('')) return 'matches the empty string, so it would match every item';
  return null;
}
