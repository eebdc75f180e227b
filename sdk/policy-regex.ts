// Tenant-written triage regexes run in RE2 (re2js), never in JavaScript's backtracking RegExp:
// matching is linear in the text, so no pattern can stall the event loop (DESIGN §4).
import { RE2JS } from 're2js';

/** A compiled policy regex: case-insensitive, Unicode code points, RE2 semantics. */
export interface PolicyRegex {
  /** The pattern as written in the policy. */
  readonly source: string;
  /** Whether the pattern matches anywhere in `text`, in time linear in its length. */
  test(text: string): boolean;
}

/** Why a pattern cannot run in RE2: a syntax error, a backreference, or lookaround. */
export interface PolicyRegexProblem {
  readonly reason: string;
}

// `\uXXXX` is how people write code points in JavaScript; RE2 spells it `\x{XXXX}`.
const JS_UNICODE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})/g;

/**
 * Compiles a policy regex for RE2: case-insensitive, with `(?i)` and the other RE2 inline flags
 * accepted and `\uXXXX` read as a code point. Returns the problem instead when RE2 cannot run
 * it (backreferences such as `\1`, lookahead and lookbehind, invalid syntax), so the policy
 * parser can refuse the document at create/publish.
 */
export function compilePolicyRegex(source: string): PolicyRegex | PolicyRegexProblem {
  const hit = cache.get(source);
  if (hit) return hit;
  const compiled = compile(source);
  cache.set(source, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return compiled;
}

// Compiling is the expensive part (a pattern is parsed at every create, lint and seed); a
// compiled pattern is immutable and safe to share.
const CACHE_SIZE = 512;
const cache = new Map<string, PolicyRegex | PolicyRegexProblem>();

function compile(source: string): PolicyRegex | PolicyRegexProblem {
  const translated = source.replace(JS_UNICODE_ESCAPE, (_, slashes: string, hex: string) => `${slashes}\\x{${hex}}`);
  try {
    const compiled = RE2JS.compile(translated, RE2JS.CASE_INSENSITIVE);
    return { source, test: (text) => compiled.test(text) };
  } catch {
    return { reason: `${syntaxError(translated)} (policy regexes use RE2 syntax: no backreferences or lookaround)` };
  }
}

// Compiled again without the flag, so the message quotes the pattern as written, not `(?i)…`.
function syntaxError(pattern: string): string {
  try {
    RE2JS.compile(pattern);
    return 'RE2 cannot run this pattern';
  } catch (error) {
    return (error as Error).message.replace(/^error parsing regexp: /, '');
  }
}

/** Narrows {@link compilePolicyRegex}'s result. */
export const isPolicyRegexProblem = (value: PolicyRegex | PolicyRegexProblem): value is PolicyRegexProblem =>
  'reason' in value;
