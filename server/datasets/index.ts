// Dataset file readers: Arbiter JSONL, ToxicChat and OpenAI-moderation, plus a seeded split.
export { parseDataset } from './parse.js';
export type { ParseDatasetOptions, ParsedDataset } from './parse.js';
export { readDatasetFile } from './read.js';
export { splitDataset } from './split.js';
export type { DatasetSplit, SplitOptions } from './split.js';
export { FLAGGED_LABEL, MODERATION_CATEGORIES } from './openai-moderation.js';
export { DATASET_FORMATS, DatasetError } from './types.js';
export type { DatasetFormat, Label, LabeledItem } from './types.js';
