import { type Problem, ValidationError } from '../../errors.js';

/** Limits of one add: items per call, bytes per item, bytes per call. */
export const DATASET_LIMITS = { itemsPerAdd: 5_000, contentBytes: 64 * 1024, bytesPerAdd: 16 * 1024 * 1024 } as const;

const NAME = /^[\w.-]{1,100}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LABEL_KEY = /^[\w.@:-]{1,100}$/;

export function checkDatasetName(name: string): void {
  if (!NAME.test(name)) throw new ValidationError('invalid dataset name', [{ path: 'name', line: null, message: 'letters, digits, ".", "_" and "-", up to 100' }]);
}

/** Text PostgreSQL can store and a model can read: no NUL byte, no lone surrogate. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL byte';
  if (LONE_SURROGATE.test(text)) return 'contains a lone surrogate (invalid UTF-16)';
  return null;
}

/**
 * Checks a batch of items before anything is stored: every problem is reported with the item's
 * index, and the whole batch is refused (VALIDATION_FAILED) so nothing is half-added.
 */
export function checkItems(items: readonly { readonly content: string; readonly labels: unknown }[], options: { readonly bulk?: boolean } = {}): void {
  if (items.length === 0) throw new ValidationError('no items to add', [{ path: 'items', line: null, message: 'is empty' }]);
  // A file import (bulk) is bounded by the request or file size instead of an item count.
  if (!options.bulk && items.length > DATASET_LIMITS.itemsPerAdd) {
    throw new ValidationError('too many items in one add', [{ path: 'items', line: null, message: `at most ${DATASET_LIMITS.itemsPerAdd}, got ${items.length}` }]);
  }
  const problems: Problem[] = [];
  let bytes = 0;
  items.forEach((item, index) => {
    bytes += Buffer.byteLength(item.content);
    for (const message of itemProblems(item)) problems.push({ path: `items[${index}]`, line: null, message });
  });
  if (!options.bulk && bytes > DATASET_LIMITS.bytesPerAdd) problems.push({ path: 'items', line: null, message: `at most ${DATASET_LIMITS.bytesPerAdd} bytes of content per add` });
  if (problems.length > 0) throw new ValidationError('invalid dataset items', problems.slice(0, 20));
}

function itemProblems(item: { readonly content: string; readonly labels: unknown }): string[] {
  const problems: string[] = [];
  if (item.content.trim() === '') problems.push('content must not be empty');
  if (Buffer.byteLength(item.content) > DATASET_LIMITS.contentBytes) problems.push(`content must be at most ${DATASET_LIMITS.contentBytes} bytes`);
  const bad = textProblem(item.content);
  if (bad) problems.push(`content ${bad}`);
  const labels = item.labels;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels) || Object.keys(labels).length === 0) {
    problems.push('labels must be an object such as {"spam": 1}');
    return problems;
  }
  for (const [key, value] of Object.entries(labels)) {
    if (!LABEL_KEY.test(key) || textProblem(key)) problems.push(`label key "${key.slice(0, 40)}" must be letters, digits, ".", "_", "@", ":" or "-"`);
    if (value !== 0 && value !== 1) problems.push(`label "${key.slice(0, 40)}" must be 0 or 1`);
  }
  return problems;
}
