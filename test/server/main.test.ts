import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** Starts `server/main.ts` as `npm start` does and resolves once it printed its token. */
function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root, env: { ...process.env, PORT: '0', ARBITER_DATA_DIR: dataDir, JWT_SECRET: '', DATABASE_URL: '', REDIS_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'],
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

describe('npm start', () => {
  it('serves /graphql on embedded PGlite with the sample policies published and prints an admin token', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'arbiter-start-'));
    const server = startServer(dataDir);
    try {
      const { url, token } = await server.ready;
      expect(server.output()).toContain('GraphiQL:');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ policies(first: 20) { edges { node { slug publishedVersion { version } } } } evaluators { name ready } }' }),
      });
      const { data } = (await response.json()) as { data: any };
      const slugs = data.policies.edges.map((e: any) => e.node.slug).sort();
      expect(slugs).toEqual(['fraud-and-scams', 'harassment-and-hate', 'prompt-injection', 'self-harm', 'spam', 'violent-threats']);
      expect(data.policies.edges.every((e: any) => e.node.publishedVersion.version === 1)).toBe(true);
      expect(data.evaluators).toEqual([{ name: 'triage-rules', ready: true }]);
      const page = await fetch(url.replace(/\/graphql$/, '/console'));
      expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('<title>Arbiter console</title>')]);
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
