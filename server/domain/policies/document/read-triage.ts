import type { TriageMatchSpec, TriageSettings } from '../../../../sdk/index.js';
import { join, readEnum, readFraction, readMap, readSeq, readString, type Reader } from './reader.js';
import { MATCH_KEYS, MAX_REGEX_LENGTH, MAX_TERM_LENGTH, ON_MATCH, THRESHOLD_KEYS, TRIAGE_KEYS } from './shapes.js';
import { regexProblem } from './regex-safety.js';

export const DEFAULT_TRIAGE: TriageSettings = { match: [], onMatch: 'escalate' };

/** Reads `triage`; `ruleIds` are the ids declared in `rules`, which every matcher must name. */
export function readTriage(reader: Reader, node: unknown, ruleIds: ReadonlySet<string>): TriageSettings {
  const fields = readMap(reader, node, 'triage', TRIAGE_KEYS);
  if (!fields) return DEFAULT_TRIAGE;
  const items = fields.has('match') ? readSeq(reader, fields.get('match'), 'triage.match') : [];
  const match = (items ?? []).flatMap((item, index) => readMatch(reader, item, join('triage.match', index), ruleIds) ?? []);
  const onMatch = fields.has('on_match') ? readEnum(reader, fields.get('on_match'), 'triage.on_match', ON_MATCH) : null;
  const thresholds = fields.has('thresholds') ? readThresholds(reader, fields.get('thresholds')) : null;
  return { match, onMatch: onMatch ?? DEFAULT_TRIAGE.onMatch, ...(thresholds ? { thresholds } : {}) };
}

function readMatch(reader: Reader, node: unknown, path: string, ruleIds: ReadonlySet<string>): TriageMatchSpec | null {
  const fields = readMap(reader, node, path, MATCH_KEYS);
  if (!fields) return null;
  if (!fields.has('rule')) reader.report(join(path, 'rule'), node, `${join(path, 'rule')} is required`);
  if (!fields.has('terms') && !fields.has('regex')) reader.report(path, node, `${path} needs terms, a regex, or both`);
  const rule = fields.has('rule') ? readString(reader, fields.get('rule'), join(path, 'rule')) : null;
  if (rule !== null && !ruleIds.has(rule)) {
    reader.report(join(path, 'rule'), fields.get('rule'), `${join(path, 'rule')} '${rule}' is not among the ids in rules`);
  }
  const terms = fields.has('terms') ? readTerms(reader, fields.get('terms'), join(path, 'terms')) : undefined;
  const regex = fields.has('regex') ? readRegex(reader, fields.get('regex'), join(path, 'regex')) : undefined;
  if (rule === null || !ruleIds.has(rule) || terms === null || regex === null || (!terms && !regex)) return null;
  return { rule, ...(terms ? { terms } : {}), ...(regex ? { regex } : {}) };
}

function readTerms(reader: Reader, node: unknown, path: string): string[] | null {
  const items = readSeq(reader, node, path);
  if (!items) return null;
  if (items.length === 0) reader.report(path, node, `${path} must list at least one term`);
  const terms = items.map((item, index) => {
    const term = readString(reader, item, join(path, index));
    if (term !== null && term.length > MAX_TERM_LENGTH) {
      reader.report(join(path, index), item, `${join(path, index)} is longer than ${MAX_TERM_LENGTH} characters`);
      return null;
    }
    return term;
  });
  return terms.length > 0 && terms.every((term) => term !== null) ? (terms as string[]) : null;
}

function readRegex(reader: Reader, node: unknown, path: string): string | null {
  const source = readString(reader, node, path);
  if (source === null) return null;
  if (source.length > MAX_REGEX_LENGTH) {
    reader.report(path, node, `${path} is longer than ${MAX_REGEX_LENGTH} characters`);
    return null;
  }
  const problem = regexProblem(source);
  if (problem !== null) {
    reader.report(path, node, `${path} ${problem}`);
    return null;
  }
  return source;
}

function readThresholds(reader: Reader, node: unknown): TriageSettings['thresholds'] | null {
  const fields = readMap(reader, node, 'triage.thresholds', THRESHOLD_KEYS);
  if (!fields) return null;
  for (const key of THRESHOLD_KEYS) {
    if (!fields.has(key)) reader.report(`triage.thresholds.${key}`, node, `triage.thresholds.${key} is required`);
  }
  const safeBelow = fields.has('safe_below') ? readFraction(reader, fields.get('safe_below'), 'triage.thresholds.safe_below') : null;
  const violatingAbove = fields.has('violating_above')
    ? readFraction(reader, fields.get('violating_above'), 'triage.thresholds.violating_above')
    : null;
  if (safeBelow === null || violatingAbove === null) return null;
  if (safeBelow >= violatingAbove) {
    reader.report(
      'triage.thresholds.safe_below',
      fields.get('safe_below'),
      `triage.thresholds.safe_below (${safeBelow}) must be less than violating_above (${violatingAbove})`,
    );
    return null;
  }
  return { safeBelow, violatingAbove };
}
