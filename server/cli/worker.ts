import { createServer } from 'node:http';
import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from './database.js';
import { createEngine } from '../engine/index.js';
import { EVALUATE_QUEUE } from '../engine/queue.js';
import { createBenchmarks } from '../domain/benchmarks/index.js';
import { registryFromConfig } from '../evaluators.js';
import { startHeartbeat } from '../fleet/service.js';
import { createScrapeGauges } from '../observability/gauges.js';
import { createHealth } from '../observability/health.js';
import { createRequestHandler } from '../observability/http.js';
import { createLogger, log, setLogger } from '../observability/logger.js';
import { drainWithin } from '../observability/shutdown.js';
import { startTracing } from '../observability/tracing.js';

/**
 * `arbiter worker`: a process that only runs evaluation jobs (DESIGN §9). Point it at the same
 * DATABASE_URL (and REDIS_URL, so subscribers anywhere see its events) as the API processes.
 * It serves `/livez`, `/readyz` and `/metrics` on PORT, and advertises its evaluators in the
 * database so API processes list them. SIGTERM: not ready, no new jobs, running jobs finish
 * within ARBITER_SHUTDOWN_GRACE_MS, exit 0.
 */
export async function run(): Promise<number> {
  const config = loadConfig();
  setLogger(createLogger({ level: config.observability.logLevel, production: config.production }));
  const tracing = startTracing({ endpoint: config.observability.otlpEndpoint, serviceName: `${config.observability.serviceName}-worker`, captureContent: config.observability.traceContent });
  if (!config.databaseUrl) log().warn('no DATABASE_URL: this worker only sees its own embedded database');
  const database = await openConfiguredDatabase(config);
  const engine = await createEngine({ database, config, registry: registryFromConfig(config.evaluatorEnv) });
  await engine.startWorker();
  const heartbeat = await startHeartbeat({ db: database.db, registry: engine.registry });
  const health = createHealth({ db: database.db, redisUrl: config.redisUrl });
  const gauges = createScrapeGauges({ db: database.db, registry: engine.registry, queueName: EVALUATE_QUEUE });
  const server = createServer(createRequestHandler({ health, registries: [gauges], metricsToken: config.observability.metricsToken }).listener);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.port, resolve));
  const evaluators = engine.registry.list().map((e) => `${e.name}@${e.version}`);
  const port = (server.address() as { port: number }).port;
  log().info({ evaluators, concurrency: config.engine.workerConcurrency, reasonerConcurrency: config.engine.reasonerConcurrency, port, worker: heartbeat.id, database: database.engine }, 'worker running');
  const signal = await new Promise<string>((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => resolve(name));
  });
  log().info({ signal, graceMs: config.shutdownGraceMs }, 'worker shutting down: no new jobs, draining');
  health.drain();
  await drainWithin(Date.now() + config.shutdownGraceMs, 'evaluation jobs', async () => {
    await heartbeat.stop();
    await engine.stop();
  });
  server.close();
  server.closeAllConnections();
  await health.close();
  await database.close();
  await tracing?.shutdown();
  log().info('worker stopped');
  // Whatever still holds the event loop (a job past the grace period) must not keep the process.
  process.exit(0);
}
