import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parseDataset, type ParseDatasetOptions, type ParsedDataset } from './parse.js';
import { DatasetError } from './types.js';

/** Reads a dataset file (gzip-compressed or not) and parses it with {@link parseDataset}. */
export async function readDatasetFile(path: string, options: ParseDatasetOptions = {}): Promise<ParsedDataset> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  } catch (cause) {
    throw new DatasetError('UNREADABLE_FILE', `cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  return parseDataset(bytes.toString('utf8'), options);
}
