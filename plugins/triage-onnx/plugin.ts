import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { EvaluatorError, throwIfAborted } from '../../sdk/index.js';
import type { EvaluatorPolicy, TriageEvaluator, TriageItem, TriageResult } from '../../sdk/index.js';
import { extractFeatures } from './features.js';
import { checkThresholds, readModelMetadata, type Thresholds, type TriageModelMetadata } from './model-metadata.js';
import { openScoringSession, type ScoringSession } from './session.js';
import { scoringPieces } from './windows.js';

export interface TriageOnnxOptions {
  /** The model: .onnx bytes, or the path of a .onnx file (read in `setup`). */
  readonly model: Uint8Array | string;
  /** Serve only this policy (its version id or slug); other policies are refused with `POLICY_MISMATCH`. */
  readonly policyId?: string;
  /** Replace the model's calibrated thresholds; a policy's own `triage.thresholds` still win. */
  readonly thresholds?: Thresholds;
  /** Registry name, distinct per instance when one model per policy is registered. */
  readonly name?: string;
  /** Items per onnxruntime run. */
  readonly batchSize?: number;
  /** onnxruntime intra-op threads; 1 keeps one core per evaluator. */
  readonly threads?: number;
}

interface Loaded {
  readonly metadata: TriageModelMetadata;
  readonly session: ScoringSession;
}

/** A triage evaluator scoring content with a hashed n-gram classifier exported to ONNX. */
export function triageOnnx(options: TriageOnnxOptions): TriageEvaluator {
  const batchSize = options.batchSize ?? 256;
  const overrides = options.thresholds ? checkThresholds(options.thresholds) : undefined;
  let bytes = typeof options.model === 'string' ? undefined : options.model;
  let digest: string | undefined;
  let loaded: Loaded | undefined;

  const loadBytes = async () => (bytes ??= new Uint8Array(await readModelFile(options.model as string)));
  const ready = (): Loaded => {
    if (!loaded) throw new EvaluatorError('NOT_READY', 'triage-onnx: setup() has not run or dispose() has');
    return loaded;
  };

  return {
    name: options.name ?? 'triage-onnx',
    version: '1.0.0',
    kind: 'triage',
    capabilities: { streamsReasoning: false, supportsEffort: false, maxPoliciesPerCall: 1, batchSize },
    async setup() {
      if (loaded) return;
      const model = await loadBytes();
      const metadata = readModelMetadata(model);
      loaded = { metadata, session: await openSession(model, options.threads ?? 1) };
    },
    async dispose() {
      const session = loaded?.session;
      loaded = undefined;
      await session?.release();
    },
    async health() {
      return loaded ? { ready: true } : { ready: false, detail: 'model not loaded' };
    },
    identity() {
      // Synchronous by contract, so a path is read synchronously the first time it is asked for.
      bytes ??= readFileSync(options.model as string);
      digest ??= createHash('sha256').update(bytes).digest('hex');
      const suffix = overrides ? `;thresholds=${overrides.safeBelow},${overrides.violatingAbove}` : '';
      return `sha256:${digest}${suffix}`;
    },
    async classify({ policy, items, signal }) {
      throwIfAborted(signal);
      const { metadata, session } = ready();
      if (options.policyId !== undefined && options.policyId !== policy.id && options.policyId !== policy.slug) {
        throw new EvaluatorError('POLICY_MISMATCH', `triage-onnx serves policy "${options.policyId}", not "${policy.slug}"`);
      }
      const label = labeller(policy.triage.thresholds ?? overrides ?? metadata.thresholds, ruleIdsFor(metadata, policy));
      const results: TriageResult[] = [];
      for (let start = 0; start < items.length; start += batchSize) {
        const chunk = items.slice(start, start + batchSize);
        const scores = await scoreWholeItems(session, chunk.map((item) => item.content), metadata);
        throwIfAborted(signal);
        chunk.forEach((item, k) => results.push(label(item, scores[k]!)));
      }
      return results;
    },
  };
}

/** Each item's score: the maximum over its pieces (see windows.ts), never its prefix alone. */
async function scoreWholeItems(
  session: ScoringSession, contents: readonly string[], metadata: TriageModelMetadata,
): Promise<number[]> {
  const { featureConfig } = metadata;
  const owners: number[] = [];
  const vectors = contents.flatMap((content, k) => scoringPieces(content, featureConfig.maxChars).map((piece) => {
    owners.push(k);
    return extractFeatures(piece, featureConfig);
  }));
  const scores = await session.score(vectors);
  const best = contents.map(() => -Infinity);
  // Math.max keeps a NaN, so a broken model is still reported as INVALID_SCORE.
  owners.forEach((owner, i) => (best[owner] = Math.max(best[owner]!, scores[i]!)));
  return best;
}

function labeller(thresholds: Thresholds, ruleIds: readonly string[]) {
  return (item: TriageItem, score: number): TriageResult => {
    if (!(score >= 0 && score <= 1)) throw new EvaluatorError('INVALID_SCORE', `the model scored an item ${score}`);
    if (score < thresholds.safeBelow) return { itemId: item.id, score, label: 'NON_VIOLATING', ruleIds: [] };
    if (score > thresholds.violatingAbove) return { itemId: item.id, score, label: 'VIOLATING', ruleIds };
    return { itemId: item.id, score, label: 'UNCERTAIN', ruleIds: [] };
  };
}

// Only ids the pinned policy version defines: a model trained on an older version must not cite
// rules that no longer exist.
function ruleIdsFor(metadata: TriageModelMetadata, policy: EvaluatorPolicy): readonly string[] {
  const known = new Set(policy.rules.map((rule) => rule.id));
  return metadata.ruleIds.filter((id) => known.has(id));
}

async function readModelFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new EvaluatorError('MODEL_NOT_FOUND', `cannot read the triage model at ${path}`, { cause });
  }
}

async function openSession(model: Uint8Array, threads: number): Promise<ScoringSession> {
  try {
    return await openScoringSession(model, threads);
  } catch (cause) {
    throw new EvaluatorError('INVALID_MODEL', `onnxruntime cannot load the model: ${(cause as Error).message}`, { cause });
  }
}
