import type { PolicyRuleSpec } from '../../../../sdk/index.js';
import { join, readInteger, readMap, readSeq, readString, type Reader } from './reader.js';
import { ACTION_SHAPE, RULE_ID_SHAPE, RULE_KEYS, SEVERITY } from './shapes.js';

/** Rules read from front matter; `ids` also holds the ids of rules with other mistakes. */
export interface ReadRules {
  readonly rules: PolicyRuleSpec[];
  readonly ids: ReadonlyMap<string, { readonly path: string; readonly node: unknown }>;
}

interface ReadRule {
  readonly id: string | null;
  readonly idNode: unknown;
  readonly rule: PolicyRuleSpec | null;
}

/** Reads `rules`: a non-empty list of { id, title, severity, action } with unique ids. */
export function readRules(reader: Reader, node: unknown): ReadRules {
  const rules: PolicyRuleSpec[] = [];
  const ids = new Map<string, { path: string; node: unknown }>();
  const items = readSeq(reader, node, 'rules');
  if (!items) return { rules, ids };
  if (items.length === 0) reader.report('rules', node, 'rules must list at least one rule');
  items.forEach((item, index) => {
    const path = join('rules', index);
    const read = readRule(reader, item, path);
    if (read?.id == null) return;
    const first = ids.get(read.id);
    if (first) {
      reader.report(join(path, 'id'), read.idNode, `${path}.id '${read.id}' duplicates ${first.path}`);
      return;
    }
    ids.set(read.id, { path: join(path, 'id'), node: read.idNode });
    if (read.rule) rules.push(read.rule);
  });
  return { rules, ids };
}

function readRule(reader: Reader, node: unknown, path: string): ReadRule | null {
  const fields = readMap(reader, node, path, RULE_KEYS);
  if (!fields) return null;
  for (const key of RULE_KEYS) {
    if (!fields.has(key)) reader.report(join(path, key), node, `${join(path, key)} is required`);
  }
  const id = fields.has('id') ? readString(reader, fields.get('id'), join(path, 'id'), RULE_ID_SHAPE) : null;
  const title = fields.has('title') ? readString(reader, fields.get('title'), join(path, 'title')) : null;
  const severity = fields.has('severity')
    ? readInteger(reader, fields.get('severity'), join(path, 'severity'), SEVERITY.min, SEVERITY.max)
    : null;
  const action = fields.has('action') ? readString(reader, fields.get('action'), join(path, 'action'), ACTION_SHAPE) : null;
  const complete = id !== null && title !== null && severity !== null && action !== null;
  return { id, idNode: fields.get('id'), rule: complete ? { id, title, severity, action } : null };
}
