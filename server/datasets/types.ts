/** A binary label: 1 = the item has the property (e.g. is toxic), 0 = it has not. */
export type Label = 0 | 1;

/** One labelled content item; a label key that is absent is unknown for that item. */
export interface LabeledItem {
  readonly content: string;
  readonly labels: Readonly<Record<string, Label>>;
}

/** The dataset file formats the readers understand. */
export type DatasetFormat = 'jsonl' | 'toxic-chat' | 'openai-moderation';

export const DATASET_FORMATS: readonly DatasetFormat[] = ['jsonl', 'toxic-chat', 'openai-moderation'];

/** Why a dataset could not be read; `line` is 1-based (the record number in JSON documents). */
export class DatasetError extends Error {
  readonly code: 'INVALID_RECORD' | 'UNKNOWN_FORMAT' | 'UNREADABLE_FILE';
  readonly line: number | undefined;

  constructor(code: DatasetError['code'], message: string, options?: { line?: number; cause?: unknown }) {
    super(options?.line === undefined ? message : `line ${options.line}: ${message}`, { cause: options?.cause });
    this.name = 'DatasetError';
    this.code = code;
    this.line = options?.line;
  }
}
