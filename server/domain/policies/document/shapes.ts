// The value shapes a policy document accepts; the linter, the parser and their messages share them.

/** A rule id: capital letters, a number, an optional lowercase suffix (`SP2`, `SP2.a`, `HH10.b2`). */
export const RULE_ID = /^[A-Z]{1,6}[0-9]{1,3}(?:\.[a-z0-9]{1,8})?$/;
export const RULE_ID_SHAPE = { pattern: RULE_ID, describe: 'a rule id like SP2.a (capitals, a number, an optional .suffix)' };

/** A bold rule id anywhere in Markdown, e.g. `**SP2.a**`. */
export const BOLD_RULE_ID = /\*\*([A-Z]{1,6}[0-9]{1,3}(?:\.[a-z0-9]{1,8})?)\*\*/g;

export const SLUG_SHAPE = { pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, describe: 'lowercase words joined by hyphens' };
export const ACTION_SHAPE = { pattern: /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, describe: 'a snake_case action such as limit_reach' };

/** Severity 0 marks the allowed-content rules (the policy's "does not violate" ids); 5 is the most severe. */
export const SEVERITY = { min: 0, max: 5 } as const;

export const EFFORTS = ['low', 'medium', 'high'] as const;
export const ON_MATCH = ['decide', 'escalate'] as const;

// Triage regexes compile with the SDK's compilePolicyRegex (RE2, case-insensitive), here to
// validate them and in the `triage-rules` plugin to run them.
export const MAX_TERM_LENGTH = 200;
export const MAX_REGEX_LENGTH = 1000;

export const TOP_KEYS = ['slug', 'name', 'effort', 'rules', 'triage', 'review', 'gate'] as const;
export const RULE_KEYS = ['id', 'title', 'severity', 'action'] as const;
export const TRIAGE_KEYS = ['match', 'on_match', 'thresholds'] as const;
export const MATCH_KEYS = ['rule', 'terms', 'regex'] as const;
export const THRESHOLD_KEYS = ['safe_below', 'violating_above'] as const;
export const REVIEW_KEYS = ['min_severity', 'queue', 'sla_minutes'] as const;
/** A review queue name (`default`, `appeals`, `child-safety`). */
export const QUEUE_SHAPE = { pattern: /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, describe: 'lowercase words joined by "-" or "_"' };
/** The review SLA, in minutes: up to 30 days. */
export const SLA_MINUTES = { min: 1, max: 43_200 } as const;
