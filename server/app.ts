import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { buildSchema } from '../schema/index.js';
import { loadOrCreateDevSecret } from './auth/dev-secret.js';
import { createTokenVerifier } from './auth/verify.js';
import type { Config } from './config.js';
import type { Services } from './context.js';
import { connectDatabase, databaseTarget, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { loadPolicyDirectory, type SeedOutcome } from './domain/policies/seed.js';
import { createTenantResolver } from './domain/tenants/service.js';
import { failInterruptedModels } from './domain/triage-models/repository.js';
import { createEngine } from './engine/index.js';
import { registryFromConfig } from './evaluators.js';
import type { Evaluator } from '../sdk/index.js';
import { createAuthenticate } from './http/authenticate.js';
import { attachWebSocket } from './http/websocket.js';
import { type ArbiterYoga, createYogaServer } from './http/yoga.js';

/** The tenant of embedded mode (DESIGN §8). */
export const DEFAULT_TENANT = 'default';
export const POLICY_LIBRARY = fileURLToPath(new URL('../policies/', import.meta.url));

/** A configured Arbiter: in-process `yoga.fetch` works at once; `start` listens on a port. */
export interface App {
  readonly yoga: ArbiterYoga;
  readonly services: Services;
  readonly database: DatabaseHandle;
  /** The HS256 secret in use when tokens are verified with one (dev secret or JWT_SECRET). */
  readonly jwtSecret: string | null;
  readonly seeded: readonly SeedOutcome[];
  start(port?: number): Promise<{ port: number; url: string }>;
  stop(): Promise<void>;
}

/** Builds the whole server from configuration: database, migrations, auth, schema, seed policies. */
export async function createApp(config: Config, options: { readonly database?: DatabaseHandle; readonly evaluators?: readonly Evaluator[] } = {}): Promise<App> {
  const database = options.database ?? (await connectDatabase(databaseTarget(config)));
  await migrateToLatest(database.db);
  // Embedded mode is one process: a model still TRAINING after a restart was interrupted.
  if (database.engine === 'pglite') await failInterruptedModels(database.db);
  const jwtSecret = config.jwt.jwksUrl ? null : (config.jwt.secret ?? (await loadOrCreateDevSecret(config.dataDir)));
  const verify = createTokenVerifier({ ...config.jwt, secret: jwtSecret });
  const resolveTenant = createTenantResolver(database.db);
  const engine = await createEngine({ database, config, registry: registryFromConfig(config.evaluatorEnv, options.evaluators) });
  if (config.embeddedWorker) await engine.startWorker();
  const services: Services = { db: database.db, dbEngine: database.engine, engine, evaluations: { queue: engine.queue, bus: engine.bus, maxWaitMs: config.engine.maxWaitMs } };
  const authenticate = createAuthenticate({ verify, resolveTenant, db: database.db });
  const yoga = createYogaServer({ schema: buildSchema(), services, authenticate, production: config.production, limits: config.limits });
  const seeded = config.seedPolicies ? await seed(database, resolveTenant) : [];
  let server: Server | null = null;
  let closeSocket: (() => Promise<void>) | null = null;

  return {
    yoga, services, database, jwtSecret, seeded,
    async start(port = config.port) {
      server = createServer(yoga);
      closeSocket = attachWebSocket({ server, yoga, services, authenticate, maxMessageBytes: config.limits.maxRequestBytes });
      await new Promise<void>((resolve, reject) => server!.once('error', reject).listen(port, resolve));
      const actual = (server.address() as { port: number }).port;
      return { port: actual, url: `http://localhost:${actual}/graphql` };
    },
    async stop() {
      await closeSocket?.();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      server?.closeAllConnections();
      await engine.stop();
      await database.close();
    },
  };
}

async function seed(database: DatabaseHandle, resolveTenant: (key: string) => Promise<string>): Promise<SeedOutcome[]> {
  const tenantId = await resolveTenant(DEFAULT_TENANT);
  return loadPolicyDirectory({ db: database.db, tenantId, actor: 'system:seed' }, POLICY_LIBRARY);
}
