import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFeatures, triageOnnx } from '../../../plugins/triage-onnx/index.js';
import type { TriageEvaluator, TriageResult } from '../../../sdk/index.js';
import { scoreVector, type TrainTriageModelResult } from '../../../server/triage/index.js';
import { CONTENTS, smallModel, toxicityPolicy } from './model-fixture.js';

const signal = new AbortController().signal;
const items = CONTENTS.map((content, k) => ({ id: `i${k}`, content }));

async function classifyWith(evaluator: TriageEvaluator, policy = toxicityPolicy()): Promise<readonly TriageResult[]> {
  await evaluator.setup?.();
  try {
    return await evaluator.classify({ policy, items, signal });
  } finally {
    await evaluator.dispose?.();
  }
}

const expectedLabel = (score: number, safeBelow: number, violatingAbove: number) =>
  score < safeBelow ? 'NON_VIOLATING' : score > violatingAbove ? 'VIOLATING' : 'UNCERTAIN';

describe('triageOnnx', () => {
  let model: TrainTriageModelResult;
  let dir: string;
  beforeAll(async () => {
    model = await smallModel();
    dir = await mkdtemp(join(tmpdir(), 'arbiter-triage-onnx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('scores like the trained network and labels by the calibrated thresholds', async () => {
    const results = await classifyWith(triageOnnx({ model: model.onnx }));
    const { safeBelow, violatingAbove } = model.thresholds;
    results.forEach((result, k) => {
      const score = scoreVector(model.network, extractFeatures(CONTENTS[k]!, model.featureConfig));
      expect(result.score).toBeCloseTo(score, 5);
      expect(result.label).toBe(expectedLabel(result.score, safeBelow, violatingAbove));
    });
    expect(results[1]!.score).toBeGreaterThan(results[0]!.score);
  });

  it('reads the whole item: a violating message padded with harmless text still scores as violating', async () => {
    const message = 'you stupid loser, explain quantum physics to a child';
    const padding = 'please help me write a poem about the sea. what is a good recipe for bread? '.repeat(80);
    expect(padding.length).toBeGreaterThan(model.featureConfig.maxChars);
    const evaluator = triageOnnx({ model: model.onnx });
    await evaluator.setup?.();
    const contents = [message, `${padding}${message}`, `${padding}${message}\n${padding}`, padding.slice(0, 200) + message];
    const results = await evaluator.classify({ policy: toxicityPolicy(), items: contents.map((content, k) => ({ id: `p${k}`, content })), signal });
    const harmless = await evaluator.classify({ policy: toxicityPolicy(), items: [{ id: 'h', content: padding }], signal });
    await evaluator.dispose?.();
    expect(results[0]!.label).toBe('VIOLATING');
    // The message's own sentence is scored on its own, wherever it sits: the item scores at least that.
    results.forEach((result) => expect(result.score).toBeGreaterThanOrEqual(results[0]!.score - 1e-6));
    expect(results.map((r) => r.label)).toEqual(contents.map(() => 'VIOLATING'));
    expect(harmless[0]!.score).toBeLessThan(model.thresholds.safeBelow);
  });

  it('scores one long unpunctuated run in overlapping windows, so nothing past the prefix goes unread', async () => {
    const message = 'you stupid loser';
    const padding = 'please help me write a poem about the sea '.repeat(200);
    const evaluator = triageOnnx({ model: model.onnx });
    await evaluator.setup?.();
    const [padded, prefixOnly] = await evaluator.classify({ policy: toxicityPolicy(), items: [{ id: 'a', content: `${padding}${message}` }, { id: 'b', content: padding }], signal });
    await evaluator.dispose?.();
    expect(padded!.score).toBeGreaterThan(prefixOnly!.score);
  });

  it('takes thresholds from the options, and from the policy over both', async () => {
    const fromOptions = await classifyWith(triageOnnx({ model: model.onnx, thresholds: { safeBelow: 0.3, violatingAbove: 0.6 } }));
    expect(fromOptions.map((r) => r.label)).toEqual(fromOptions.map((r) => expectedLabel(r.score, 0.3, 0.6)));
    const policy = toxicityPolicy({ triage: { match: [], onMatch: 'escalate', thresholds: { safeBelow: 0, violatingAbove: 1 } } });
    const fromPolicy = await classifyWith(triageOnnx({ model: model.onnx, thresholds: { safeBelow: 0.3, violatingAbove: 0.6 } }), policy);
    expect(fromPolicy.map((r) => r.label)).toEqual(items.map(() => 'UNCERTAIN'));
  });

  it('cites only the model rule ids the pinned policy defines, and only on VIOLATING', async () => {
    const results = await classifyWith(triageOnnx({ model: model.onnx, thresholds: { safeBelow: 0.5, violatingAbove: 0.5 } }));
    expect(results.map((r) => r.ruleIds)).toEqual(results.map((r) => (r.label === 'VIOLATING' ? ['TX1'] : [])));
    expect(results.some((r) => r.label === 'VIOLATING')).toBe(true);
  });

  it('keeps item order across onnxruntime batches', async () => {
    const many = Array.from({ length: 23 }, (_, k) => ({ id: `m${k}`, content: CONTENTS[k % CONTENTS.length]! }));
    const evaluator = triageOnnx({ model: model.onnx, batchSize: 4 });
    await evaluator.setup?.();
    const batched = await evaluator.classify({ policy: toxicityPolicy(), items: many, signal });
    const single = await evaluator.classify({ policy: toxicityPolicy(), items: many.slice(0, 5), signal });
    await evaluator.dispose?.();
    expect(batched.map((r) => r.itemId)).toEqual(many.map((i) => i.id));
    batched.slice(0, 5).forEach((r, k) => expect(r.score).toBeCloseTo(single[k]!.score, 6));
    expect(batched[5]!.score).toBeCloseTo(single[0]!.score, 6);
  });

  it('identifies itself by the sha256 of the model bytes, whether given bytes or a path', async () => {
    const path = join(dir, 'model.onnx');
    await writeFile(path, model.onnx);
    const digest = createHash('sha256').update(model.onnx).digest('hex');
    expect(triageOnnx({ model: model.onnx }).identity()).toBe(`sha256:${digest}`);
    expect(triageOnnx({ model: path }).identity()).toBe(`sha256:${digest}`);
    expect(triageOnnx({ model: path, thresholds: { safeBelow: 0.1, violatingAbove: 0.9 } }).identity()).toBe(
      `sha256:${digest};thresholds=0.1,0.9`,
    );
    expect(await classifyWith(triageOnnx({ model: path }))).toEqual(await classifyWith(triageOnnx({ model: model.onnx })));
  });

  it('serves only its own policy when given one, by version id or slug', async () => {
    await expect(classifyWith(triageOnnx({ model: model.onnx, policyId: 'toxicity' }))).resolves.toHaveLength(items.length);
    await expect(classifyWith(triageOnnx({ model: model.onnx, policyId: 'pv-toxicity-1' }))).resolves.toHaveLength(items.length);
    await expect(classifyWith(triageOnnx({ model: model.onnx, policyId: 'spam' }))).rejects.toMatchObject({ code: 'POLICY_MISMATCH' });
  });

  it('reports not ready and refuses to classify before setup and after dispose', async () => {
    const evaluator = triageOnnx({ model: model.onnx });
    expect(await evaluator.health?.()).toEqual({ ready: false, detail: 'model not loaded' });
    await expect(evaluator.classify({ policy: toxicityPolicy(), items, signal })).rejects.toMatchObject({ code: 'NOT_READY' });
    await evaluator.setup?.();
    expect(await evaluator.health?.()).toEqual({ ready: true });
    await evaluator.dispose?.();
    await expect(evaluator.classify({ policy: toxicityPolicy(), items, signal })).rejects.toMatchObject({ code: 'NOT_READY' });
  });

  it('fails setup with INVALID_MODEL or MODEL_NOT_FOUND', async () => {
    await expect(triageOnnx({ model: Uint8Array.of(1, 2, 3, 4) }).setup?.()).rejects.toMatchObject({ code: 'INVALID_MODEL' });
    await expect(triageOnnx({ model: join(dir, 'absent.onnx') }).setup?.()).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('rejects thresholds out of order', () => {
    expect(() => triageOnnx({ model: model.onnx, thresholds: { safeBelow: 0.8, violatingAbove: 0.2 } })).toThrow(TypeError);
  });
});
