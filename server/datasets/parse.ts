import { csvRecords } from './csv.js';
import { RecordError, asObject } from './fields.js';
import { genericItem, isGenericRecord } from './generic.js';
import { isModerationRecord, moderationItem } from './openai-moderation.js';
import { isToxicChatRecord, toxicChatItem } from './toxic-chat.js';
import { DatasetError, type DatasetFormat, type LabeledItem } from './types.js';

export interface ParseDatasetOptions {
  /** The file's format; `auto` (default) looks at the first record. */
  readonly format?: DatasetFormat | 'auto';
  /** Skip and count records that do not fit the format instead of throwing at the first one. */
  readonly skipInvalid?: boolean;
}

export interface ParsedDataset {
  readonly format: DatasetFormat;
  readonly items: LabeledItem[];
  /** Line numbers (record numbers in JSON documents) of the records skipped by `skipInvalid`. */
  readonly skipped: number[];
}

interface SourceRecord {
  readonly line: number;
  readonly value?: unknown;
  readonly error?: string;
}

const MAPPERS: Record<DatasetFormat, (value: unknown) => LabeledItem> = {
  jsonl: genericItem,
  'toxic-chat': toxicChatItem,
  'openai-moderation': moderationItem,
};

/** Parses a dataset file's text into labelled items; throws {@link DatasetError} on bad records. */
export function parseDataset(text: string, options: ParseDatasetOptions = {}): ParsedDataset {
  const records = sourceRecords(text.replace(/^\uFEFF/, ''));
  const format = options.format && options.format !== 'auto' ? options.format : detectFormat(records);
  const items: LabeledItem[] = [];
  const skipped: number[] = [];
  for (const record of records) {
    try {
      if (record.error !== undefined) throw new RecordError(record.error);
      items.push(MAPPERS[format](record.value));
    } catch (cause) {
      if (!(cause instanceof RecordError)) throw cause;
      if (!options.skipInvalid) throw new DatasetError('INVALID_RECORD', cause.message, { line: record.line, cause });
      skipped.push(record.line);
    }
  }
  return { format, items, skipped };
}

function detectFormat(records: readonly SourceRecord[]): DatasetFormat {
  const first = records.find((r) => r.error === undefined);
  const value = first && typeof first.value === 'object' && first.value !== null ? asObject(first.value) : undefined;
  if (value && isGenericRecord(value)) return 'jsonl';
  if (value && isToxicChatRecord(value)) return 'toxic-chat';
  if (value && isModerationRecord(value)) return 'openai-moderation';
  throw new DatasetError('UNKNOWN_FORMAT', 'cannot tell the dataset format from its first record; pass a format', {
    line: first?.line ?? records[0]?.line,
  });
}

// A JSON document (an array, or ToxicChat's {"instances": [...]}), else JSON lines, else CSV.
function sourceRecords(text: string): SourceRecord[] {
  const document = parseDocument(text);
  if (document) return document.map((value, k) => ({ line: k + 1, value }));
  const lines = text.split('\n');
  const firstLine = lines.find((l) => l.trim() !== '')?.trim() ?? '';
  if (firstLine !== '' && !firstLine.startsWith('{')) return csvRecords(text);
  const records: SourceRecord[] = [];
  lines.forEach((raw, k) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      records.push({ line: k + 1, value: JSON.parse(line) });
    } catch (error) {
      records.push({ line: k + 1, error: `not JSON: ${(error as Error).message}` });
    }
  });
  return records;
}

function parseDocument(text: string): unknown[] | undefined {
  const start = text.trimStart()[0];
  if (start !== '[' && start !== '{') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(parsed)) return parsed;
  const instances = (parsed as Record<string, unknown>)['instances'];
  return Array.isArray(instances) ? instances : undefined;
}
