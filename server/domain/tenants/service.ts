import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ensureTenant } from './repository.js';

/** Resolves tenant keys to row ids, remembering them: a tenant row never changes its id. */
export function createTenantResolver(db: Kysely<Database>): (key: string) => Promise<string> {
  const known = new Map<string, Promise<string>>();
  return (key) => {
    let id = known.get(key);
    if (!id) {
      id = ensureTenant(db, key);
      known.set(key, id);
      id.catch(() => known.delete(key));
    }
    return id;
  };
}
