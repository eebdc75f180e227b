import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { safeguardLlamaCpp } from '../../../plugins/safeguard-llama-cpp/index.js';
import type { ReasonerEvaluator } from '../../../sdk/index.js';
import { tinyGguf } from '../../helpers/tiny-gguf/index.js';
import { spam } from '../../sdk/reasoning/fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'arbiter-llama-'));

function evaluateOnce(evaluator: ReasonerEvaluator): Promise<unknown> {
  return evaluator.evaluate({ policies: [spam], content: 'hi', effort: 'low', signal: new AbortController().signal, onReasoning: () => undefined });
}

async function setupFailure(modelPath: string): Promise<{ code: unknown; ready: boolean; evaluateCode: unknown }> {
  const evaluator = safeguardLlamaCpp({ modelPath, gpu: false });
  const code = await evaluator.setup!().then(() => 'set up', (error: { code?: unknown }) => error.code);
  const health = await evaluator.health!();
  const evaluateCode = await evaluateOnce(evaluator).then(() => 'answered', (error: { code?: unknown }) => error.code);
  await evaluator.dispose!();
  return { code, ready: health.ready, evaluateCode };
}

describe('safeguard-llama-cpp setup', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('fails with MODEL_LOAD_FAILED when the model file is missing, and keeps failing calls', async () => {
    expect(await setupFailure(join(scratch, 'absent.gguf'))).toEqual({ code: 'MODEL_LOAD_FAILED', ready: false, evaluateCode: 'MODEL_LOAD_FAILED' });
  });

  it('fails with MODEL_LOAD_FAILED on a file that is not GGUF', async () => {
    const path = join(scratch, 'notes.gguf');
    writeFileSync(path, 'this is not a model\n'.repeat(100));
    expect(await setupFailure(path)).toEqual({ code: 'MODEL_LOAD_FAILED', ready: false, evaluateCode: 'MODEL_LOAD_FAILED' });
  });

  it('fails with MODEL_LOAD_FAILED on a GGUF whose tensor data is cut short', async () => {
    const path = join(scratch, 'cut.gguf');
    const whole = readFileSync(tinyGguf());
    writeFileSync(path, whole.subarray(0, whole.length - 4096));
    expect(await setupFailure(path)).toEqual({ code: 'MODEL_LOAD_FAILED', ready: false, evaluateCode: 'MODEL_LOAD_FAILED' });
  });

  it('fails with MODEL_LOAD_FAILED when the path is a directory', async () => {
    expect(await setupFailure(scratch)).toEqual({ code: 'MODEL_LOAD_FAILED', ready: false, evaluateCode: 'MODEL_LOAD_FAILED' });
  });

  it('rejects calls with NOT_READY before setup and after dispose', async () => {
    const evaluator = safeguardLlamaCpp({ modelPath: tinyGguf(), gpu: false, threads: 1, contextSize: 2048 });
    await expect(evaluateOnce(evaluator)).rejects.toMatchObject({ code: 'NOT_READY' });
    expect(await evaluator.health!()).toEqual({ ready: false, detail: 'not set up' });
    await evaluator.setup!();
    await evaluator.dispose!();
    await expect(evaluateOnce(evaluator)).rejects.toMatchObject({ code: 'NOT_READY' });
    expect(await evaluator.health!()).toEqual({ ready: false, detail: 'not set up' });
  });

  it('releases a model whose setup was still loading when dispose came', async () => {
    const evaluator = safeguardLlamaCpp({ modelPath: tinyGguf(), gpu: false, threads: 1, contextSize: 2048 });
    const setup = evaluator.setup!();
    await evaluator.dispose!();
    await setup;
    expect(await evaluator.health!()).toEqual({ ready: false, detail: 'not set up' });
  });

  it('throws a TypeError for options no run could honour', () => {
    expect(() => safeguardLlamaCpp({ modelPath: '' })).toThrow(TypeError);
    expect(() => safeguardLlamaCpp({ modelPath: 'm.gguf', concurrency: 0 })).toThrow(TypeError);
    expect(() => safeguardLlamaCpp({ modelPath: 'm.gguf', maxTokens: 1.5 })).toThrow(TypeError);
    expect(() => safeguardLlamaCpp({ modelPath: 'm.gguf', temperature: -1 })).toThrow(TypeError);
    expect(() => safeguardLlamaCpp({ modelPath: 'm.gguf', gpu: 'metal' as never })).toThrow(TypeError);
  });
});
