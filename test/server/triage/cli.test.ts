// The `arbiter triage` CLI (server/cli/triage.ts).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../server/cli/triage.js';
import { readModelMetadata } from '../../../plugins/triage-onnx/index.js';
import { syntheticItems } from './synthetic.js';

function capture(isTTY = false) {
  const text = { stdout: '', stderr: '' };
  const stream = (key: 'stdout' | 'stderr') =>
    ({ isTTY, write: (chunk: string) => ((text[key] += chunk), true) }) as unknown as NodeJS.WritableStream & { isTTY: boolean };
  return { io: { stdout: stream('stdout'), stderr: stream('stderr') }, text };
}

describe('arbiter triage', () => {
  let dir: string;
  let dataset: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arbiter-triage-cli-'));
    dataset = join(dir, 'toxicity.jsonl');
    await writeFile(dataset, syntheticItems(240).map((item) => JSON.stringify(item)).join('\n'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains a model, writes it and prints validation metrics; eval measures it', async () => {
    const out = join(dir, 'model.onnx');
    const train = capture();
    const args = ['train', '--dataset', dataset, '--label', 'toxicity', '--out', out, '--buckets', '4096', '--seed', '4', '--rule-id', 'TX1'];
    expect(await run(args, train.io)).toBe(0);
    expect(train.text.stderr).toBe('');
    const summary = JSON.parse(train.text.stdout);
    expect(summary).toMatchObject({ model: out, counts: { train: 240, validation: 240, unlabeled: 0, skipped: 0 } });
    const model = new Uint8Array(await readFile(out));
    expect(readModelMetadata(model)).toMatchObject({ labelKey: 'toxicity', ruleIds: ['TX1'], thresholds: summary.validation.thresholds });

    const evaluation = capture();
    expect(await run(['eval', '--model', out, '--dataset', dataset, '--label', 'toxicity'], evaluation.io)).toBe(0);
    const metrics = JSON.parse(evaluation.text.stdout);
    expect(Object.keys(metrics)).toEqual(expect.arrayContaining(['precision', 'recall', 'f1', 'auroc', 'routedFraction', 'thresholds', 'n']));
    expect(metrics).toMatchObject({ n: 240, thresholds: summary.validation.thresholds, skipped: 0 });
  });

  it('draws a progress bar on stderr only when stderr is a terminal', async () => {
    const tty = capture(true);
    const args = ['train', '--dataset', dataset, '--label', 'toxicity', '--out', join(dir, 'tty.onnx'), '--buckets', '1024', '--epochs', '2', '--folds', '2'];
    expect(await run(args, tty.io)).toBe(0);
    expect(tty.text.stderr).toMatch(/^\r\[[#.]{30}\] 0\/6 features/);
    expect(tty.text.stderr).toMatch(/\[#{30}\] 6\/6 loss \d\.\d{4}/);
  });

  it('exits 2 with the usage on bad arguments', async () => {
    const cases = [
      ['train', '--dataset', dataset, '--label', 'toxicity'],
      ['train', '--dataset', dataset, '--label', 'toxicity', '--out', 'x.onnx', '--bogus'],
      ['train', '--dataset', dataset, '--label', 'toxicity', '--out', 'x.onnx', '--format', 'xml'],
      ['train', '--dataset', dataset, '--label', 'toxicity', '--out', 'x.onnx', '--target-recall', '1.5'],
      ['eval', '--dataset', dataset, '--label', 'toxicity'],
      ['fit'],
    ];
    for (const args of cases) {
      const { io, text } = capture();
      expect(await run(args, io)).toBe(2);
      // One line naming the problem and where the usage is (DESIGN §7 CLI), never a stack.
      expect(text.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^arbiter triage: .+ \(see arbiter triage/)]);
    }
  });

  it('exits 1 naming the problem when the dataset cannot be used', async () => {
    const broken = join(dir, 'broken.jsonl');
    await writeFile(broken, '{"content": "a", "labels": {"toxicity": 0}}\n{"content": "b", "labels": {"toxicity": "maybe"}}\n');
    const bad = capture();
    expect(await run(['train', '--dataset', broken, '--label', 'toxicity', '--out', join(dir, 'b.onnx')], bad.io)).toBe(1);
    expect(bad.text.stderr).toBe('arbiter triage: line 2: "toxicity" must be 0 or 1, got "maybe"\n');
    const missing = capture();
    expect(await run(['eval', '--model', join(dir, 'absent.onnx'), '--dataset', dataset, '--label', 'toxicity'], missing.io)).toBe(1);
  });
});
