import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { loadPolicyDirectory } from '../domain/policies/seed.js';
import { ensureTenant } from '../domain/tenants/repository.js';
import { openConfiguredDatabase } from './database.js';
import { UsageError } from './usage.js';


/**
 * `arbiter policy push DIR`: loads every policy document of DIR into a tenant and publishes it.
 * A file equal to the latest version is left alone; a changed one becomes a new published version.
 */
export async function push(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { tenant: { type: 'string', default: 'default' }, actor: { type: 'string', default: 'cli:policy-push' } } });
  const [dir] = positionals;
  if (!dir || positionals.length > 1) throw new UsageError('give exactly one DIR');
  const database = await openConfiguredDatabase(loadConfig());
  try {
    const tenantId = await ensureTenant(database.db, values.tenant!);
    const outcomes = await loadPolicyDirectory({ db: database.db, tenantId, actor: values.actor! }, dir);
    for (const o of outcomes) process.stdout.write(`${o.file}: ${o.slug}@${o.version} ${o.action}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
