// OpenAI's moderation evaluation set (openai/moderation-api-release, samples-1680.jsonl.gz):
// one JSON object per line with the text in `prompt` and 0/1 per category code. A missing code
// means the category was not annotated: unknown, not 0.
import { asObject, pickLabels, requireString } from './fields.js';
import type { LabeledItem } from './types.js';

/** sexual, hate, violence, harassment, self-harm, sexual/minors, hate/threatening, violence/graphic. */
export const MODERATION_CATEGORIES = ['S', 'H', 'V', 'HR', 'SH', 'S3', 'H2', 'V2'] as const;

/** Derived label: 1 when any category is 1, 0 only when every category is known to be 0. */
export const FLAGGED_LABEL = 'flagged';

export function isModerationRecord(record: Record<string, unknown>): boolean {
  return 'prompt' in record && MODERATION_CATEGORIES.some((code) => code in record);
}

export function moderationItem(value: unknown): LabeledItem {
  const record = asObject(value);
  const labels = pickLabels(record, MODERATION_CATEGORIES);
  const known = Object.values(labels);
  if (known.includes(1)) labels[FLAGGED_LABEL] = 1;
  else if (known.length === MODERATION_CATEGORIES.length) labels[FLAGGED_LABEL] = 0;
  return { content: requireString(record, 'prompt'), labels };
}
