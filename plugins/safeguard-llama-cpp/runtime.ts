import { stat } from 'node:fs/promises';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { sha256File } from './digest.js';
import { llamaCppError } from './errors.js';
import { loadNodeLlamaCpp } from './library.js';
import type { ResolvedOptions } from './options.js';
import { createPool, type Pool } from './pool.js';

/** The loaded model and the context sequences calls borrow; built once by `setup`. */
export interface Runtime {
  readonly model: LlamaModel;
  readonly sequences: Pool<LlamaContextSequence>;
  /** sha256 of the model file, hex. */
  readonly sha256: string;
  /** Where it runs, for `health().detail`: `CUDA (NVIDIA H100 80GB HBM3), 25/25 layers offloaded` or `CPU`. */
  readonly backend: string;
  close(): Promise<void>;
}

/**
 * Loads llama.cpp (GPU binary when asked and present, prebuilt only: nothing is built or
 * downloaded at run time), the model, and one context with `concurrency` sequences. The file's
 * digest is computed while the model loads.
 */
export async function openRuntime(options: ResolvedOptions): Promise<Runtime> {
  await checkModelFile(options.modelPath);
  const llama = await loadLlama(options);
  const digest = sha256File(options.modelPath).catch((cause: unknown) => {
    throw llamaCppError('MODEL_LOAD_FAILED', `cannot read ${options.modelPath}`, { cause });
  });
  digest.catch(() => undefined); // awaited below; this only keeps an early rejection from going unhandled
  try {
    const model = await llama.loadModel({ modelPath: options.modelPath }).catch((cause: unknown) => {
      throw llamaCppError('MODEL_LOAD_FAILED', `llama.cpp cannot load ${options.modelPath}: ${(cause as Error).message}`, { cause });
    });
    const context = await createContext(model, options);
    return {
      model,
      sequences: createPool(Array.from({ length: options.concurrency }, () => context.getSequence())),
      sha256: await digest,
      backend: await describeBackend(llama, model, options.gpu),
      async close() {
        // the context's memory first, then the weights, then the backend
        await context.dispose();
        await model.dispose();
        await llama.dispose();
      },
    };
  } catch (error) {
    await llama.dispose();
    throw error;
  }
}

function createContext(model: LlamaModel, options: ResolvedOptions): Promise<LlamaContext> {
  const contextSize = Math.min(options.contextSize, model.trainContextSize);
  return model
    .createContext({ sequences: options.concurrency, contextSize, ...(options.threads ? { threads: options.threads } : {}) })
    .catch((cause: unknown) => {
      throw llamaCppError('MODEL_LOAD_FAILED', `cannot create ${options.concurrency} × ${contextSize}-token context: ${(cause as Error).message}`, { cause });
    });
}

async function checkModelFile(path: string): Promise<void> {
  const stats = await stat(path).catch((cause: unknown) => {
    throw llamaCppError('MODEL_LOAD_FAILED', `model file ${path} is missing or unreadable`, { cause });
  });
  if (!stats.isFile()) throw llamaCppError('MODEL_LOAD_FAILED', `model path ${path} is not a file`);
}

async function loadLlama(options: ResolvedOptions): Promise<Llama> {
  const { getLlama, LlamaLogLevel } = await loadNodeLlamaCpp();
  try {
    return await getLlama({ gpu: options.gpu, build: 'never', logLevel: LlamaLogLevel.error });
  } catch (cause) {
    const code = options.gpu === 'cuda' || options.gpu === 'vulkan' ? 'GPU_UNAVAILABLE' : 'MODEL_LOAD_FAILED';
    throw llamaCppError(code, `no usable llama.cpp binary for gpu: ${String(options.gpu)} (${(cause as Error).message})`, { cause });
  }
}

async function describeBackend(llama: Llama, model: LlamaModel, gpu: ResolvedOptions['gpu']): Promise<string> {
  if (llama.gpu === false) return gpu === 'auto' ? 'CPU (no usable CUDA or Vulkan device)' : 'CPU';
  const devices = await llama.getGpuDeviceNames().catch(() => []);
  const layers = `${model.gpuLayers}/${model.fileInsights.totalLayers} layers offloaded`;
  return `${llama.gpu.toUpperCase()} (${devices.join(', ') || 'unknown device'}), ${layers}`;
}
