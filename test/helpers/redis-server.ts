import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

/** Whether a redis-server binary is on the PATH (suites that need one skip cleanly without). */
export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/** A throw-away redis-server on a loopback port that a test can kill (-9) and start again. */
export interface ScratchRedis {
  readonly url: string;
  start(): Promise<void>;
  kill(): Promise<void>;
}

export function scratchRedis(port = 20_000 + Math.floor(Math.random() * 20_000)): ScratchRedis {
  let child: ChildProcess | null = null;
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child && child.exitCode === null) return;
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const started = child;
      await new Promise<void>((resolve, reject) => {
        let output = '';
        started.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Ready to accept connections')) resolve();
        });
        started.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
      });
    },
    async kill() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
  };
}
