// Child processes of the saturation benchmark: simulated model-server replicas and `arbiter worker`s.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BatchingOptions, BatchingStats } from './batching-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns `node --import tsx script…` and resolves once a stdout line matches `ready`. */
async function spawnTsx(args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: Child; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (l) => ready.test(l) && resolve(l));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready`)));
  });
  return { line, child: { process: child, stop: async () => void (child.exitCode === null && child.kill('SIGTERM'), await exited) } };
}

/** A simulated batching model server in its own process. */
export interface Replica extends Child {
  readonly url: string;
  stats(): Promise<BatchingStats>;
  resetStats(): Promise<void>;
}

export async function startReplica(options: BatchingOptions): Promise<Replica> {
  const { child, line } = await spawnTsx(['bench/lib/batching-server-process.ts', JSON.stringify(options)], {}, /^http/);
  const origin = new URL(line).origin;
  return {
    ...child,
    url: line.trim(),
    stats: async () => (await (await fetch(`${origin}/stats`)).json()) as BatchingStats,
    resetStats: async () => void (await fetch(`${origin}/stats/reset`, { method: 'POST' })).body?.cancel(),
  };
}

/** `arbiter worker` against a database, with the given environment (SAFEGUARD_URL, REDIS_URL, …). */
export async function startWorker(env: NodeJS.ProcessEnv): Promise<Child> {
  // The worker announces itself as a JSON log line (`"msg":"worker running"`).
  return (await spawnTsx(['server/cli/index.ts', 'worker'], env, /"msg":"worker running"|^Arbiter worker running/)).child;
}
