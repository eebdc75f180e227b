import { DatasetError, type DatasetFormat, parseDataset } from '../../datasets/index.js';
import { ValidationError } from '../../errors.js';
import type { Scope } from '../scope.js';
import { addDatasetItems } from './service.js';

/** The most text one API import may carry (the HTTP body limit applies too). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/**
 * Parses a dataset file's text (Arbiter JSONL, CSV, ToxicChat, OpenAI-moderation) with the same
 * readers as the CLI and appends its items as one new version; a bad record is VALIDATION_FAILED.
 */
export async function importDatasetText(scope: Scope, input: { readonly dataset: string; readonly text: string; readonly format?: DatasetFormat | 'auto' | null; readonly skipInvalid?: boolean | null; readonly file?: string | null }) {
  if (Buffer.byteLength(input.text) > MAX_IMPORT_BYTES) throw new ValidationError(`an import is at most ${MAX_IMPORT_BYTES} bytes`);
  let parsed;
  try {
    parsed = parseDataset(input.text, { format: input.format ?? 'auto', skipInvalid: input.skipInvalid ?? false });
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    throw new ValidationError('the dataset text cannot be read', [{ path: 'text', line: error.line ?? null, message: error.message }]);
  }
  const items = parsed.items.map((item, index) => ({
    content: item.content, labels: item.labels, source: 'IMPORT' as const,
    provenance: { format: parsed.format, record: index + 1, ...(input.file ? { file: input.file } : {}) },
  }));
  const result = await addDatasetItems(scope, { dataset: input.dataset, items, bulk: true });
  return { ...result, format: parsed.format, skipped: parsed.skipped.length };
}
