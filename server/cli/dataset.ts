import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { readDatasetFile } from '../datasets/index.js';
import { importDataset } from '../domain/datasets/service.js';
import { ensureTenant } from '../domain/tenants/repository.js';
import { openConfiguredDatabase } from './database.js';
import { UsageError } from './usage.js';


/** `arbiter dataset import FILE`: stores a labelled dataset file in the configured database. */
export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv], allowPositionals: true,
    options: { name: { type: 'string' }, tenant: { type: 'string', default: 'default' }, format: { type: 'string', default: 'auto' }, 'skip-invalid': { type: 'boolean' } },
  });
  const [verb, file] = positionals;
  if (verb !== 'import') throw new UsageError(`unknown subcommand "${verb ?? ''}"`);
  if (!file || positionals.length > 2) throw new UsageError('give exactly one FILE');
  const parsed = await readDatasetFile(file, { format: values.format as never, skipInvalid: values['skip-invalid'] ?? false });
  const database = await openConfiguredDatabase(loadConfig());
  try {
    const tenantId = await ensureTenant(database.db, values.tenant!);
    const items = parsed.items.map((item, index) => ({ content: item.content, labels: item.labels, provenance: { source: 'import', file: basename(file), format: parsed.format, record: index + 1 } }));
    const { dataset, count } = await importDataset({ db: database.db, tenantId, actor: 'cli' }, { name: values.name ?? basename(file).replace(/\.[^.]+$/, ''), items });
    process.stdout.write(`${JSON.stringify({ dataset: dataset.name, id: dataset.id, format: parsed.format, items: count, skipped: parsed.skipped.length })}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
