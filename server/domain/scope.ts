import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** What every service call runs within: the database, the caller's tenant, and who the caller is. */
export interface Scope {
  readonly db: Kysely<Database>;
  readonly tenantId: string;
  /** The token's subject, recorded as author, actor or reviewer. */
  readonly actor: string;
}

/** Whether an error is PostgreSQL's unique-violation (same code on PGlite). */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string } | null)?.code === '23505';
