// The only file that reads the environment and listens (DESIGN §2).
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, log, setLogger } from './observability/logger.js';
import { startTracing } from './observability/tracing.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One line per bad variable, no stack: the operator fixes the environment, not the code.
    for (const problem of error.problems) process.stderr.write(`arbiter: invalid configuration: ${problem}\n`);
    process.exit(2);
  }
}

// Last line of defence (DESIGN §4, never crash): a rejection nobody handled is a bug to log,
// not a reason to drop every tenant's in-flight work. The engine's tests assert none happens.
process.on('unhandledRejection', (reason: unknown) => log().error({ err: reason }, 'unhandled rejection'));

const config = configOrExit();
// The app is loaded only once the configuration is known good: a bad setting exits at once.
const { DEFAULT_TENANT, createApp } = await import('./app.js');
const { mintToken } = await import('./auth/mint.js');
setLogger(createLogger({ level: config.observability.logLevel, production: config.production }));
const tracing = startTracing({
  endpoint: config.observability.otlpEndpoint, serviceName: config.observability.serviceName, captureContent: config.observability.traceContent,
});
const app = await createApp(config).catch((error: Error & { code?: string }) => {
  log().fatal(error.code ? { code: error.code, error: error.message } : { err: error }, 'cannot start');
  process.exit(1);
});
const { url } = await app.start().catch((error: Error) => {
  log().fatal({ error: error.message }, `cannot listen on port ${config.port}`);
  process.exit(1);
});
await announce(url);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log().info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: not ready, draining');
    app.stop()
      .then(() => tracing?.shutdown())
      .then(() => {
        log().info('stopped');
        process.exit(0);
      }, (error: unknown) => {
        log().error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  });
}

async function announce(listening: string): Promise<void> {
  const days = Math.round(config.jwt.maxLifetimeSeconds / 86_400);
  const token = app.jwtSecret && !config.jwt.secret
    ? await mintToken({ secret: app.jwtSecret, tenant: DEFAULT_TENANT, roles: ['admin'], subject: 'dev:admin', expiresIn: `${config.jwt.maxLifetimeSeconds}s` })
    : null;
  const where = `${app.database.engine}${app.database.engine === 'pglite' ? ` in ${config.dataDir}` : ''}`;
  log().info({ url: listening, database: app.database.engine }, 'listening');
  if (config.production && process.stdout.isTTY !== true) return;
  const lines = [`Arbiter listening on ${listening} (${where})`];
  if (!config.production) lines.push(`GraphiQL:  ${listening}`);
  lines.push(`Console:   ${listening.replace(/\/graphql$/, '/console')}`);
  if (app.seeded.length > 0) lines.push(`Policies:  ${app.seeded.map((s) => `${s.slug}@${s.version} (${s.action})`).join(', ')}`);
  if (token) lines.push(`Dev admin token (tenant "${DEFAULT_TENANT}", ${days} days):`, `  ${token}`, 'Use it as the header  Authorization: Bearer <token>');
  process.stdout.write(`${lines.join('\n')}\n`);
}
