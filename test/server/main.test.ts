import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const root = new URL('../../', import.meta.url).pathname;

/** Starts the server with `npm start`, as a container's CMD would, and resolves once it printed its token. */
function npmStart(dataDir: string) {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root, env: { ...process.env, PORT: '0', ARBITER_DATA_DIR: dataDir, JWT_SECRET: '', DATABASE_URL: '', REDIS_URL: '', NODE_ENV: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<{ url: string; token: string; pid: number }>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      const url = /listening on (\S+)/.exec(output)?.[1];
      const token = /\n\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)/.exec(output)?.[1];
      const pid = /"pid":(\d+)[^\n]*"msg":"listening"/.exec(output)?.[1];
      if (url && token && pid) resolve({ url, token, pid: Number(pid) });
    });
    child.stderr.on('data', (chunk) => void (output += String(chunk)));
    void exited.then(({ code }) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, ready, exited, output: () => output };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Processes whose environment carries this data directory: whatever `npm start` left behind. */
function processesWith(dataDir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`ARBITER_DATA_DIR=${dataDir}`)) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return found;
}

const listening = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, '127.0.0.1').once('connect', () => (socket.destroy(), resolve(true))).once('error', () => resolve(false));
});

describe('npm start', () => {
  it('serves /graphql on PGlite with the sample policies, then stops on SIGTERM: sockets closed with 1001, exit 0, no orphan', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'arbiter-start-'));
    const server = npmStart(dataDir);
    try {
      const { url, token, pid } = await server.ready;
      expect(server.output()).toContain('GraphiQL:');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ policies(first: 20) { edges { node { slug publishedVersion { version } } } } evaluators { name ready } dataset(name: "spam-golden") { itemCount labelKeys } }' }),
      });
      const { data } = (await response.json()) as { data: any };
      const slugs = data.policies.edges.map((e: any) => e.node.slug).sort();
      expect(slugs).toEqual(['fraud-and-scams', 'harassment-and-hate', 'prompt-injection', 'self-harm', 'spam', 'violent-threats']);
      expect(data.policies.edges.every((e: any) => e.node.publishedVersion.version === 1)).toBe(true);
      expect(data.evaluators).toEqual([{ name: 'triage-rules', ready: true }]);
      // The sample dataset for the sample spam policy is loaded beside it.
      expect(data.dataset).toEqual({ itemCount: 40, labelKeys: ['spam'] });

      const page = await fetch(url.replace(/\/graphql$/, '/console'));
      expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('<title>Arbiter console</title>')]);

      const port = Number(new URL(url).port);
      const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      await new Promise((resolve) => socket.once('message', resolve));
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

      // One process: the node that listens is npm's own child (the script's shell exec'd it), no tsx wrapper.
      expect(processesWith(dataDir).filter((p) => readFileSync(`/proc/${p}/cmdline`, 'latin1').includes('server/main.ts'))).toEqual([pid]);
      expect(readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ')[1]).toBe(String(server.child.pid));
      // What a container runtime does: SIGTERM to the process it started (npm), which passes it on.
      server.child.kill('SIGTERM');
      await server.exited;
      expect(await closed).toBe(1001);
      expect({ serverAlive: alive(pid), listening: await listening(port), left: processesWith(dataDir) }).toEqual({ serverAlive: false, listening: false, left: [] });
      expect(server.output()).toContain('"msg":"stopped"');
      expect(server.output()).not.toMatch(/\n\s+at /);
    } finally {
      server.child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
