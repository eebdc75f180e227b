import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { test as policyTest } from '../../../server/cli/policy-test.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { policyDependentScript } from '../../helpers/benchmarks.js';
import { testEngine } from '../../helpers/database.js';
import { publishPolicy } from '../../helpers/evaluate.js';
import { type ModelServer, startModelServer } from '../../helpers/model-servers/index.js';
import { policyDocument } from '../../helpers/policies.js';

const DATASET = [
  { content: 'Puppies for sale, $300 each', labels: { pets: 1 } },
  { content: 'My parrot says hello every morning', labels: { pets: 0 } },
  { content: 'My dog sleeps all day', labels: { pets: 0 } },
].map((item) => JSON.stringify(item)).join('\n');

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await policyTest(argv, env), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe(`arbiter policy test against a running server (${testEngine})`, () => {
  let model: ModelServer;
  let app: TestApp;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    model = await startModelServer({ flavour: 'vllm', model: 'm', script: (request) => policyDependentScript(request.body) });
    app = await createTestApp({}, { SAFEGUARD_URL: model.url, SAFEGUARD_MODEL: 'm', ARBITER_RETRY_LIMIT: '0' });
    const { url } = await app.start(0);
    env = { ARBITER_URL: url, ARBITER_TOKEN: await app.token(['policy_author']) };
    await publishPolicy(app, await app.token(['admin']));
    dir = await mkdtemp(join(tmpdir(), 'policy-test-'));
    await writeFile(join(dir, 'pets.jsonl'), DATASET);
    await writeFile(join(dir, 'good.md'), policyDocument());
    await writeFile(join(dir, 'regressing.md'), policyDocument({ extraRule: true }));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await model?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('passes a good policy file (exit 0) and writes JUnit', async () => {
    const junit = join(dir, 'good.xml');
    const result = await cli([join(dir, 'good.md'), '--dataset', join(dir, 'pets.jsonl'), '--min-f1', '0.9', '--junit', junit], env);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/pets@2 +1\.0000 +1\.0000 +1\.0000 +1\.0000 +PASS/);
    expect(await readFile(junit, 'utf8')).toContain('<testsuite name="arbiter policy test (ci-pets.jsonl-');
    expect(await readFile(junit, 'utf8')).toContain('tests="1" failures="0"');
  });

  it('fails a regressing policy (exit 1) and prints the items that flipped against the baseline', async () => {
    const result = await cli([join(dir, 'regressing.md'), '--dataset', join(dir, 'pets.jsonl'), '--baseline', 'pets@1', '--min-f1', '0.9', '--json'], env);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.passed).toBe(false);
    expect(report.results[0]).toMatchObject({ ref: 'pets@3', passed: false, f1: 2 / 3, failures: ['F1 0.6667 < min 0.9'] });
    expect(report.baseline).toMatchObject({ ref: 'pets@1', f1: 1 });
    expect(report.comparisons[0].flipped).toEqual([{ content: 'My parrot says hello every morning', labelKey: 'pets', baseLabel: 'NON_VIOLATING', candidateLabel: 'VIOLATING',
      baseRationale: 'base: no offer and no harm.', candidateRationale: 'with-exotic: an exotic species is offered (PT1.c).' }]);
  });

  it('exits 2 with usage on a missing dataset or a bad threshold', async () => {
    // Usage errors are UsageError: the CLI prints them as one line and exits 2 (test/server/cli/help.test.ts).
    await expect(cli(['pets@1'], env)).rejects.toMatchObject({ code: 'USAGE' });
    await expect(cli(['pets@1', '--dataset', 'x', '--min-f1', '2'], env)).rejects.toMatchObject({ code: 'USAGE' });
    await expect(cli(['pets@1', '--dataset', 'x', '--bogus'], env)).rejects.toMatchObject({ code: 'USAGE' });
    expect((await cli(['--help'], env)).code).toBe(0);
  });
});

describe('arbiter policy test on the embedded database', () => {
  let model: ModelServer;
  let dir: string;
  beforeAll(async () => {
    model = await startModelServer({ flavour: 'vllm', model: 'm', script: (request) => policyDependentScript(request.body) });
    dir = await mkdtemp(join(tmpdir(), 'policy-test-embedded-'));
    await writeFile(join(dir, 'pets.jsonl'), DATASET);
    await writeFile(join(dir, 'good.md'), policyDocument());
  }, 120_000);
  afterAll(async () => {
    await model?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pushes the file as a new policy, imports the dataset file and passes without a server', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { ARBITER_DATA_DIR: join(dir, 'data'), SAFEGUARD_URL: model.url, SAFEGUARD_MODEL: 'm', ARBITER_RETRY_LIMIT: '0' });
    delete process.env.DATABASE_URL;
    try {
      const result = await cli([join(dir, 'good.md'), '--dataset', join(dir, 'pets.jsonl'), '--min-f1', '0.9', '--json'], {});
      expect(result.code).toBe(0);
      expect(JSON.parse(result.out).results[0]).toMatchObject({ ref: 'pets@1', f1: 1, passed: true });
    } finally {
      process.env = saved;
    }
  }, 120_000);
});

