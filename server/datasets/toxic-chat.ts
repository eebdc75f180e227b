// ToxicChat (lmsys/toxic-chat, CC-BY-NC-4.0): rows with `user_input`, `toxicity`, `jailbreaking`
// (the CSV/JSONL release), or the evaluation-harness JSON whose `instances` carry the text in
// `instance` and each label as `annotations.<key>.majority_human` ("0"/"1").
import { RecordError, asObject, binaryLabel, pickLabels, requireString } from './fields.js';
import type { Label, LabeledItem } from './types.js';

const ROW_LABELS = ['toxicity', 'jailbreaking'];

export function isToxicChatRecord(record: Record<string, unknown>): boolean {
  return 'user_input' in record || ('instance' in record && 'annotations' in record);
}

export function toxicChatItem(value: unknown): LabeledItem {
  const record = asObject(value);
  if ('user_input' in record) return { content: requireString(record, 'user_input'), labels: pickLabels(record, ROW_LABELS) };
  const annotations = asObject(record['annotations'], '"annotations"');
  const labels: Record<string, Label> = {};
  for (const [key, annotation] of Object.entries(annotations)) {
    if (typeof annotation !== 'object' || annotation === null) throw new RecordError(`"annotations.${key}" must be an object`);
    const label = binaryLabel((annotation as Record<string, unknown>)['majority_human'], `annotations.${key}.majority_human`);
    if (label !== undefined) labels[key] = label;
  }
  return { content: requireString(record, 'instance'), labels };
}
