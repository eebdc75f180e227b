import { LineCounter, parseDocument } from 'yaml';
import { isProblem, splitFrontMatter, type SplitDocument } from './front-matter.js';
import { DEFAULT_TRIAGE, readTriage } from './read-triage.js';
import { readRules, type ReadRules } from './read-rules.js';
import { createReader, readEnum, readInteger, readMap, readString, scalar, type Reader } from './reader.js';
import { EFFORTS, QUEUE_SHAPE, REVIEW_KEYS, SEVERITY, SLA_MINUTES, SLUG_SHAPE, TOP_KEYS } from './shapes.js';
import type { DocumentProblem, ParseResult, PolicyDocument } from './types.js';

/**
 * Parses a policy document (Markdown with YAML front matter, DESIGN §7) and validates its front
 * matter against its body. Every problem found is reported, each with its path and file line.
 */
export function parsePolicyDocument(content: string): ParseResult {
  const split = splitFrontMatter(content);
  if (isProblem(split)) return { ok: false, problems: [split] };
  const lineCounter = new LineCounter();
  const yaml = parseDocument(split.yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (yaml.errors.length > 0) {
    const line = (offset: number) => lineCounter.linePos(offset).line + split.yamlLine - 1;
    return { ok: false, problems: yaml.errors.map((e) => ({ path: '', line: line(e.pos[0]), message: `invalid YAML: ${e.message}` })) };
  }
  if (yaml.contents === null) {
    return { ok: false, problems: [{ path: '', line: 1, message: 'front matter is empty: slug, name and rules are required' }] };
  }
  const reader = createReader(lineCounter, split.yamlLine);
  const document = readDocument(reader, yaml.contents, split);
  if (document && reader.problems.length === 0) return { ok: true, document };
  return { ok: false, problems: reader.problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)) };
}

function readDocument(reader: Reader, root: unknown, split: SplitDocument): PolicyDocument | null {
  const fields = readMap(reader, root, '', TOP_KEYS);
  if (!fields) return null;
  for (const key of ['slug', 'name', 'rules'] as const) {
    if (!fields.has(key)) reader.report(key, root, `${key} is required`);
  }
  const slug = fields.has('slug') ? readString(reader, fields.get('slug'), 'slug', SLUG_SHAPE) : null;
  const name = fields.has('name') ? readString(reader, fields.get('name'), 'name') : null;
  const effort = fields.has('effort') ? readEnum(reader, fields.get('effort'), 'effort', EFFORTS) : 'medium';
  const read = fields.has('rules') ? readRules(reader, fields.get('rules')) : { rules: [], ids: new Map() };
  const ruleIds = new Set(read.ids.keys());
  const triage = fields.has('triage') ? readTriage(reader, fields.get('triage'), ruleIds) : DEFAULT_TRIAGE;
  const review = fields.has('review') ? readReview(reader, fields.get('review')) : { minSeverity: null };
  checkBody(reader, split, read);
  if (slug === null || name === null || effort === null) return null;
  return { slug, name, effort, rules: read.rules, triage, review, body: split.body };
}

function readReview(reader: Reader, node: unknown): PolicyDocument['review'] {
  const fields = readMap(reader, node, 'review', REVIEW_KEYS);
  const value = fields?.get('min_severity') ?? null;
  const minSeverity = value === null || scalar(reader, value, 'review.min_severity') === null
    ? null : readInteger(reader, value, 'review.min_severity', SEVERITY.min, SEVERITY.max);
  const queue = fields?.has('queue') ? readString(reader, fields.get('queue'), 'review.queue', QUEUE_SHAPE) : null;
  const sla = fields?.has('sla_minutes') ? readInteger(reader, fields.get('sla_minutes'), 'review.sla_minutes', SLA_MINUTES.min, SLA_MINUTES.max) : null;
  return { minSeverity, ...(queue === null ? {} : { queue }), ...(sla === null ? {} : { slaMinutes: sla }) };
}

/** The body is what the model reads, so every declared rule must be defined there as a bold id. */
function checkBody(reader: Reader, split: SplitDocument, read: ReadRules): void {
  if (split.body === '') {
    reader.problems.push(bodyProblem(split.bodyLine, 'the body is empty: it is the policy text the model reads'));
    return;
  }
  for (const [id, { path, node }] of read.ids) {
    if (!split.body.includes(`**${id}**`)) reader.report(path, node, `${path} '${id}' does not appear in the body as **${id}**`);
  }
}

function bodyProblem(line: number, message: string): DocumentProblem {
  return { path: 'body', line, message };
}
