import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDataset } from '../../datasets/index.js';
import type { Scope } from '../scope.js';
import { findDatasetByName } from './repository.js';
import { importDataset } from './service.js';

/** The sample datasets shipped with the sample policies (one folder each, a JSONL file inside). */
export const DATASET_LIBRARY = fileURLToPath(new URL('../../../datasets/', import.meta.url));

/**
 * Loads each `<name>/<name>.jsonl` under `dir` as the dataset `<name>` unless the tenant has one of
 * that name already (a tenant's own additions are never overwritten). Returns the names it created.
 */
export async function seedSampleDatasets(scope: Scope, dir = DATASET_LIBRARY): Promise<string[]> {
  const created: string[] = [];
  for (const name of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const file = join(dir, name, `${name}.jsonl`);
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null || (await findDatasetByName(scope.db, { tenantId: scope.tenantId, name }))) continue;
    const parsed = parseDataset(text, { format: 'jsonl' });
    const items = parsed.items.map((item, index) => ({ content: item.content, labels: item.labels, provenance: { source: 'sample', file: `datasets/${name}/${name}.jsonl`, record: index + 1, licence: 'see NOTICE' } }));
    await importDataset(scope, { name, description: `sample dataset (datasets/${name}, see its NOTICE)`, items });
    created.push(name);
  }
  return created;
}
