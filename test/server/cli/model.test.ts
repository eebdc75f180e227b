import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.js';
import { registryFromConfig } from '../../../server/evaluators.js';
import { createTestApp } from '../../helpers/app.js';
import { evaluateAndWait, publishPolicy } from '../../helpers/evaluate.js';
import { startFileServer, type FileServer } from '../../helpers/file-server/index.js';
import { tinyGguf } from '../../helpers/tiny-gguf/index.js';

const exec = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;
const HF_PATH = '/unsloth/gpt-oss-safeguard-20b-GGUF/resolve/main/gpt-oss-safeguard-20b-Q4_K_M.gguf';

function arbiter(args: readonly string[], env: NodeJS.ProcessEnv) {
  return exec(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', ...args], { cwd: root, env: { ...process.env, ...env } })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);
}

describe('arbiter model pull', () => {
  let hub: FileServer;
  let dataDir: string;
  const model = tinyGguf();
  beforeAll(async () => {
    hub = await startFileServer({ [HF_PATH]: model, '/files/tiny.gguf': model });
    dataDir = await mkdtemp(join(tmpdir(), 'arbiter-pull-'));
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('downloads an alias from the hub endpoint into the data directory', async () => {
    const result = await arbiter(['model', 'pull', 'gpt-oss-safeguard-20b'], { ARBITER_DATA_DIR: dataDir, ARBITER_MODEL_ENDPOINT: `${hub.origin}/` });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(hub.requests.some((r) => r.startsWith('GET ') && r.endsWith(HF_PATH))).toBe(true);
    const manifest = JSON.parse(await readFile(join(dataDir, 'models', 'pulled.json'), 'utf8'));
    expect(manifest).toEqual({ file: expect.stringMatching(/gpt-oss-safeguard-20b-Q4_K_M\.gguf$/), name: 'gpt-oss-safeguard-20b', uri: 'hf:unsloth/gpt-oss-safeguard-20b-GGUF/gpt-oss-safeguard-20b-Q4_K_M.gguf', pulledAt: expect.any(String) });
    expect(Buffer.compare(await readFile(join(dataDir, 'models', manifest.file)), await readFile(model))).toBe(0);
    expect(result.stdout).toContain(join(dataDir, 'models', manifest.file));
  });

  it('makes the pulled model the reasoner when SAFEGUARD_URL and SAFEGUARD_GGUF are unset', async () => {
    const reasoner = (env: NodeJS.ProcessEnv) => registryFromConfig(loadConfig({ ARBITER_DATA_DIR: dataDir, ...env }).evaluatorEnv).reasoner();
    expect(reasoner({})?.name).toBe('safeguard-llama-cpp');
    expect(reasoner({ SAFEGUARD_URL: 'http://127.0.0.1:1/v1', SAFEGUARD_MODEL: 'm' })?.name).toBe('safeguard-openai');
    expect(registryFromConfig(loadConfig({ ARBITER_DATA_DIR: join(dataDir, 'elsewhere') }).evaluatorEnv).reasoner()).toBeUndefined();
  });

  it('decides evaluations with the pulled model in a server started with no reasoner setting', async () => {
    const app = await createTestApp({}, { ARBITER_DATA_DIR: dataDir, SAFEGUARD_GGUF_GPU: 'cpu' });
    try {
      const admin = await app.token(['admin']);
      await publishPolicy(app, admin);
      const submitted = await evaluateAndWait(app, admin, { content: 'A cat tree, barely used', policies: ['pets'], wait: false });
      let evaluation: Record<string, any> = {};
      for (const started = Date.now(); Date.now() - started < 150_000; await new Promise((r) => setTimeout(r, 500))) {
        evaluation = (await app.gql('query($id: ID!) { evaluation(id: $id) { status verdicts { stage evaluator } } }', { id: submitted.id }, admin)).data.evaluation;
        if (evaluation.status !== 'QUEUED' && evaluation.status !== 'TRIAGE' && evaluation.status !== 'REASONING') break;
      }
      expect(evaluation.verdicts).toContainEqual({ stage: 'REASONING', evaluator: 'safeguard-llama-cpp' });
    } finally {
      await app.close();
    }
  }, 300_000); // llama.cpp on every core of a shared 2-core CPU: 30 s idle, 150 s at load average 40

  it('downloads a plain URL too', async () => {
    const other = await mkdtemp(join(tmpdir(), 'arbiter-pull-url-'));
    try {
      const result = await arbiter(['model', 'pull', `${hub.origin}/files/tiny.gguf`], { ARBITER_DATA_DIR: other });
      expect(result.code).toBe(0);
      expect(JSON.parse(await readFile(join(other, 'models', 'pulled.json'), 'utf8'))).toMatchObject({ file: 'tiny.gguf', uri: `${hub.origin}/files/tiny.gguf` });
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('answers --help with exit 0 and refuses an unknown name with one line and exit 2', async () => {
    const help = await arbiter(['model', 'pull', '--help'], { ARBITER_DATA_DIR: dataDir });
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: arbiter model pull NAME') });
    expect(await arbiter(['model', '--help'], { ARBITER_DATA_DIR: dataDir })).toMatchObject({ code: 0, stdout: expect.stringContaining('model pull') });
    const unknown = await arbiter(['model', 'pull', 'llama-9000'], { ARBITER_DATA_DIR: dataDir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringContaining('unknown model "llama-9000"')]);
    expect((await arbiter(['model'], {})).code).toBe(2);
  });
});
