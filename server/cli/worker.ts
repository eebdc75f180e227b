import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from './database.js';
import { createEngine } from '../engine/index.js';
import { createBenchmarks } from '../domain/benchmarks/index.js';
import { registryFromConfig } from '../evaluators.js';

/**
 * `arbiter worker`: a process that only runs evaluation jobs (DESIGN §9). Point it at the same
 * DATABASE_URL (and REDIS_URL, so subscribers anywhere see its events) as the API processes.
 */
export async function run(): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) process.stderr.write('warning: no DATABASE_URL; this worker only sees its own embedded database\n');
  const database = await openConfiguredDatabase(config);
  const engine = await createEngine({ database, config, registry: registryFromConfig(config.evaluatorEnv) });
  await engine.startWorker();
  const benchmarks = await createBenchmarks(database, engine);
  await benchmarks.startWorker();
  const names = engine.registry.list().map((e) => `${e.name}@${e.version}`).join(', ');
  process.stdout.write(`Arbiter worker running (${database.engine}; evaluators: ${names}; concurrency ${config.engine.workerConcurrency})\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await benchmarks.stop();
  await engine.stop();
  await database.close();
  return 0;
}
