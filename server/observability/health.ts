import { sql, type Kysely } from 'kysely';
import { Redis } from 'ioredis';
import { migrations } from '../../migrations/index.js';
import type { Database } from '../db/schema.js';

/** One readiness check's outcome; `reason` says what is wrong when it is not ok. */
export interface CheckResult {
  readonly ok: boolean;
  readonly reason?: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, CheckResult>>;
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Readiness of one process: its database answers, every migration has run, the job queue's schema
 * is there and (when configured) Redis answers; and it is not shutting down. Each check is bounded,
 * so a database that hangs makes `/readyz` say so rather than hang too.
 */
export function createHealth(args: { readonly db: Kysely<Database>; readonly redisUrl: string | null }) {
  let draining = false;
  const redis = args.redisUrl
    ? new Redis(args.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => 1_000 })
    : null;
  redis?.on('error', () => undefined);
  const checks: Record<string, () => Promise<CheckResult>> = {
    database: async () => (await sql`select 1`.execute(args.db), { ok: true }),
    migrations: () => pendingMigrations(args.db),
    queue: async () => (await sql`select version from pgboss.version`.execute(args.db), { ok: true }),
    ...(redis ? { redis: () => pingRedis(redis) } : {}),
  };
  return {
    /** From now on `/readyz` answers 503, so load balancers stop sending work. */
    drain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
    async readiness(): Promise<Readiness> {
      const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await bounded(check)] as const));
      const results: Record<string, CheckResult> = Object.fromEntries(entries);
      if (draining) results.shutdown = { ok: false, reason: 'shutting down' };
      return { ready: Object.values(results).every((r) => r.ok), checks: results };
    },
    async close() {
      redis?.disconnect();
    },
  };
}

export type Health = ReturnType<typeof createHealth>;

async function bounded(check: () => Promise<CheckResult>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch((error: Error) => ({ ok: false, reason: error.message || String(error) })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function pendingMigrations(db: Kysely<Database>): Promise<CheckResult> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.map((r) => r.name));
  const pending = Object.keys(migrations).filter((name) => !applied.has(name));
  return pending.length === 0 ? { ok: true } : { ok: false, reason: `pending migrations: ${pending.join(', ')}` };
}

async function pingRedis(redis: Redis): Promise<CheckResult> {
  if (redis.status === 'wait' || redis.status === 'end') await redis.connect().catch(() => undefined);
  const answer = await redis.ping();
  return answer === 'PONG' ? { ok: true } : { ok: false, reason: `unexpected answer ${answer}` };
}
