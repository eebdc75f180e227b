import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { buildSchema } from '../schema/index.js';
import { loadOrCreateDevSecret } from './auth/dev-secret.js';
import { startAuditCheckpoints } from './domain/audit/start.js';
import { createTokenVerifier } from './auth/verify.js';
import type { Config } from './config.js';
import type { Services } from './context.js';
import { connectDatabase, databaseTarget, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { loadPolicyDirectory, type SeedOutcome } from './domain/policies/seed.js';
import { createTenantResolver } from './domain/tenants/service.js';
import { failInterruptedModels } from './domain/triage-models/repository.js';
import { createEngine } from './engine/index.js';
import { EVALUATE_QUEUE } from './engine/queue.js';
import { createBenchmarks } from './domain/benchmarks/index.js';
import { seedSampleDatasets } from './domain/datasets/seed.js';
import { registryFromConfig } from './evaluators.js';
import { startHeartbeat } from './fleet/service.js';
import type { Evaluator } from '../sdk/index.js';
import { createAuthenticate } from './http/authenticate.js';
import { attachWebSocket } from './http/websocket.js';
import { type ArbiterYoga, createYogaServer } from './http/yoga.js';
import { createScrapeGauges } from './observability/gauges.js';
import { createHealth, type Health } from './observability/health.js';
import { createRequestHandler } from './observability/http.js';
import { log } from './observability/logger.js';
import { drainWithin } from './observability/shutdown.js';

/** The tenant of embedded mode (DESIGN §8). */
export const DEFAULT_TENANT = 'default';
export const POLICY_LIBRARY = fileURLToPath(new URL('../policies/', import.meta.url));

/** A configured Arbiter: in-process `yoga.fetch` works at once; `start` listens on a port. */
export interface App {
  readonly yoga: ArbiterYoga;
  readonly services: Services;
  readonly database: DatabaseHandle;
  readonly health: Health;
  /** The HS256 secret in use when tokens are verified with one (dev secret or JWT_SECRET). */
  readonly jwtSecret: string | null;
  readonly seeded: readonly SeedOutcome[];
  start(port?: number): Promise<{ port: number; url: string }>;
  /**
   * SIGTERM's sequence: not ready, new work refused, in-flight requests and jobs drained (at most
   * `graceMs`, default ARBITER_SHUTDOWN_GRACE_MS), sockets closed with 1001, everything closed.
   */
  stop(options?: { readonly graceMs?: number }): Promise<void>;
}

/** Builds the whole server from configuration: database, migrations, auth, schema, seed policies. */
export async function createApp(config: Config, options: { readonly database?: DatabaseHandle; readonly evaluators?: readonly Evaluator[] } = {}): Promise<App> {
  const database = options.database ?? (await connectDatabase(databaseTarget(config), { onIdleError: logIdleError }));
  await migrateToLatest(database.db);
  // Embedded mode is one process: a model still TRAINING after a restart was interrupted.
  if (database.engine === 'pglite') await failInterruptedModels(database.db);
  const jwtSecret = config.jwt.jwksUrl ? null : (config.jwt.secret ?? (await loadOrCreateDevSecret(config.dataDir)));
  const verify = createTokenVerifier({ ...config.jwt, secret: jwtSecret });
  const resolveTenant = createTenantResolver(database.db);
  const engine = await createEngine({ database, config, registry: registryFromConfig(config.evaluatorEnv, options.evaluators), reclaimActive: database.engine === 'pglite' });
  const benchmarks = await createBenchmarks(database, engine);
  if (config.embeddedWorker) await Promise.all([engine.startWorker(), benchmarks.startWorker()]);
  const audit = await startAuditCheckpoints(database.db, config);
  const heartbeat = config.embeddedWorker ? await startHeartbeat({ db: database.db, registry: engine.registry }) : null;
  const services: Services = { db: database.db, dbEngine: database.engine, engine, evaluations: { queue: engine.queue, bus: engine.bus, maxWaitMs: config.engine.maxWaitMs }, benchmarks: benchmarks.deps,
    reviews: { queue: engine.queue, bus: engine.bus, leaseMinutes: config.review.leaseMinutes },
    audit: { signer: audit.signer } };
  const authenticate = createAuthenticate({ verify, resolveTenant, db: database.db });
  const yoga = createYogaServer({
    schema: buildSchema(), services, authenticate, production: config.production, introspection: config.introspection, limits: config.limits,
  });
  const health = createHealth({ db: database.db, redisUrl: config.redisUrl });
  const gauges = createScrapeGauges({ db: database.db, registry: engine.registry, queueName: EVALUATE_QUEUE });
  const handler = createRequestHandler({ health, registries: [gauges], metricsToken: config.observability.metricsToken, app: yoga });
  const seeded = config.seedPolicies ? await seed(database, resolveTenant) : [];
  let server: Server | null = null;
  let closeSocket: (() => Promise<void>) | null = null;
  let stopped: Promise<void> | null = null;

  const shutdown = async (graceMs: number) => {
    health.drain();
    const deadline = Date.now() + graceMs;
    server?.close();
    server?.closeIdleConnections();
    await drainWithin(deadline, 'HTTP requests', () => handler.idle());
    await drainWithin(deadline, 'evaluation jobs', async () => {
      await heartbeat?.stop();
      await benchmarks.stop();
      await engine.stop();
    });
    await closeSocket?.();
    server?.closeAllConnections();
    await health.close();
    await database.close();
  };

  return {
    yoga, services, database, jwtSecret, seeded, health,
    async start(port = config.port) {
      server = createServer(handler.listener);
      closeSocket = attachWebSocket({ server, yoga, services, authenticate, health, maxMessageBytes: config.limits.maxRequestBytes });
      await new Promise<void>((resolve, reject) => server!.once('error', reject).listen(port, resolve));
      const actual = (server.address() as { port: number }).port;
      return { port: actual, url: `http://localhost:${actual}/graphql` };
    },
    stop(stopOptions = {}) {
      stopped ??= shutdown(stopOptions.graceMs ?? config.shutdownGraceMs);
      return stopped;
    },
  };
}

/** A dropped idle connection is replaced by the pool; it is worth a warning, as JSON like every log line. */
export const logIdleError = (error: Error): void => log().warn({ error: error.message }, 'database: idle connection lost');

async function seed(database: DatabaseHandle, resolveTenant: (key: string) => Promise<string>): Promise<SeedOutcome[]> {
  const tenantId = await resolveTenant(DEFAULT_TENANT);
  const outcomes = await loadPolicyDirectory({ db: database.db, tenantId, actor: 'system:seed' }, POLICY_LIBRARY, { keepNewerVersions: true });
  await seedSampleDatasets({ db: database.db, tenantId, actor: 'system:seed' });
  return outcomes;
}
