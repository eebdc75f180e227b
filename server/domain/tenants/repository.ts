import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Returns the id of the tenant with `key`, creating its row on first use (DESIGN §8). */
export async function ensureTenant(db: Kysely<Database>, key: string): Promise<string> {
  await db.insertInto('tenants').values({ id: randomUUID(), key }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('tenants').select('id').where('key', '=', key).executeTakeFirstOrThrow();
  return row.id;
}
