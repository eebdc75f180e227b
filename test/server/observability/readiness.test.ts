import { mkdtemp } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../../server/db/connect.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import { createJobQueue } from '../../../server/engine/queue.js';
import { createHealth } from '../../../server/observability/health.js';
import { createTestDatabase } from '../../helpers/database.js';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createTestApp, TEST_SECRET } from '../../helpers/app.js';

/** A TCP proxy in front of PostgreSQL that a test can cut (every connection dropped, new ones refused) and restore. */
async function startProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () => new Promise<void>((resolve) => {
    server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    server.listen(port, '127.0.0.1', () => {
      port = (server!.address() as { port: number }).port;
      resolve();
    });
  });
  await listen();
  return {
    url: () => Object.assign(new URL(target), { host: `127.0.0.1:${port}` }).toString(),
    async cut() {
      await new Promise<void>((resolve) => { server!.close(() => resolve()); for (const s of sockets) s.destroy(); });
    },
    restore: listen,
    stop: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server!.close(() => resolve()); }),
  };
}

const onPostgres = Boolean(process.env.ARBITER_TEST_DATABASE_URL);

describe('readiness follows the database', () => {
  it('reports a closed PGlite as not ready, naming the database, and pending migrations before they run', async () => {
    const database = await connectDatabase({ kind: 'pglite', dataDir: null });
    const health = createHealth({ db: database.db, redisUrl: null });
    const fresh = await health.readiness();
    expect({ ready: fresh.ready, migrations: fresh.checks.migrations!.ok, queue: fresh.checks.queue!.ok }).toEqual({ ready: false, migrations: false, queue: false });
    await migrateToLatest(database.db);
    const queue = await createJobQueue(database);
    expect(await health.readiness()).toEqual({ ready: true, checks: { database: { ok: true }, migrations: { ok: true }, queue: { ok: true } } });
    await queue.stop();
    await database.close();
    const closed = await health.readiness();
    expect({ ready: closed.ready, database: closed.checks.database!.ok, reason: typeof closed.checks.database!.reason }).toEqual({ ready: false, database: false, reason: 'string' });
  }, 90_000);

  it.skipIf(!process.env.ARBITER_TEST_REDIS_URL)('reports an unreachable Redis as not ready', async () => {
    const app = await createTestApp({}, {}, []);
    const health = createHealth({ db: app.database.db, redisUrl: 'redis://127.0.0.1:1' });
    const readiness = await health.readiness();
    expect({ ready: readiness.ready, redis: readiness.checks.redis!.ok }).toEqual({ ready: false, redis: false });
    await health.close();
    const good = createHealth({ db: app.database.db, redisUrl: process.env.ARBITER_TEST_REDIS_URL! });
    expect((await good.readiness()).checks.redis).toEqual({ ok: true });
    await good.close();
    await app.close();
  });

  describe.skipIf(!onPostgres)('on PostgreSQL behind a proxy', () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it('goes 503 with the reason while the connection is cut and back to 200 when it returns', async () => {
      const scratch = await createTestDatabase();
      cleanups.push(scratch.close);
      const proxy = await startProxy(new URL(scratch.url!));
      cleanups.push(proxy.stop);
      const dataDir = await mkdtemp(join(tmpdir(), 'arbiter-ready-'));
      const config = loadConfig({ DATABASE_URL: proxy.url(), JWT_SECRET: TEST_SECRET, ARBITER_DATA_DIR: dataDir, ARBITER_EMBEDDED_WORKER: 'false', ARBITER_DB_POOL_SIZE: '2' });
      const app = await createApp(config);
      cleanups.push(() => app.stop({ graceMs: 1_000 }));
      const { port } = await app.start(0);
      const readyz = async () => {
        const response = await fetch(`http://127.0.0.1:${port}/readyz`);
        return { status: response.status, body: (await response.json()) as any };
      };
      expect((await readyz()).status).toBe(200);
      await proxy.cut();
      const down = await readyz();
      expect({ status: down.status, database: down.body.checks.database.ok }).toEqual({ status: 503, database: false });
      expect(down.body.checks.database.reason).toEqual(expect.any(String));
      await proxy.restore();
      let back = await readyz();
      for (let i = 0; i < 20 && back.status !== 200; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        back = await readyz();
      }
      expect(back).toEqual({ status: 200, body: { status: 'ready', checks: { database: { ok: true }, migrations: { ok: true }, queue: { ok: true } } } });
    }, 60_000);
  });
});
