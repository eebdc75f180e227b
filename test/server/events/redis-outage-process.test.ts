import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasRedisServer, scratchRedis } from '../../helpers/redis-server.js';

const root = new URL('../../../', import.meta.url).pathname;

/** `server/main.ts` as `npm start` runs it, on embedded PGlite, with the event bus on `redisUrl`. */
function startServer(dataDir: string, redisUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root, env: { ...process.env, PORT: '0', ARBITER_DATA_DIR: dataDir, JWT_SECRET: '', DATABASE_URL: '', REDIS_URL: redisUrl }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      const url = /listening on (\S+)/.exec(output)?.[1];
      const token = /\n\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)/.exec(output)?.[1];
      if (url && token) resolve({ url, token });
    });
    child.stderr.on('data', (chunk) => void (output += String(chunk)));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, ready, output: () => output };
}

async function evaluate(url: string, token: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'mutation { evaluate(input: { content: "Download invoice.exe to claim your payment", policies: ["spam"], wait: true }) { ... on EvaluateSuccess { evaluation { status } } } }' }),
  });
  return ((await response.json()) as { data: any }).data.evaluate.evaluation.status;
}

describe.skipIf(!hasRedisServer)('a server process when Redis dies', () => {
  it('stays up, keeps finishing evaluations, and carries on once Redis is back', async () => {
    const redis = scratchRedis();
    await redis.start();
    const dataDir = await mkdtemp(join(tmpdir(), 'arbiter-redis-outage-'));
    const server = startServer(dataDir, redis.url);
    try {
      const { url, token } = await server.ready;
      const before = await evaluate(url, token);
      await redis.kill();
      const during = await evaluate(url, token);
      // Long enough for every reconnect attempt and dropped publish to have surfaced.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(server.child.exitCode).toBeNull();
      await redis.start();
      const after = await evaluate(url, token);
      expect({ before, during, after, alive: server.child.exitCode === null }).toEqual({ before, during: before, after: before, alive: true });
      expect(['DECIDED', 'ESCALATED']).toContain(before);
      expect(server.output()).toContain('event bus: redis');
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
      await redis.kill();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
