// Arbiter's own dataset lines (DESIGN §7): {"content": "...", "labels": {"<key>": 0|1}}.
import { asObject, pickLabels, requireString } from './fields.js';
import type { LabeledItem } from './types.js';

export function isGenericRecord(record: Record<string, unknown>): boolean {
  return 'content' in record && 'labels' in record;
}

export function genericItem(value: unknown): LabeledItem {
  const record = asObject(value);
  const labels = asObject(record['labels'], '"labels"');
  return { content: requireString(record, 'content'), labels: pickLabels(labels, Object.keys(labels)) };
}
