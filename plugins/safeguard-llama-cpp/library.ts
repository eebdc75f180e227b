import type * as NodeLlamaCpp from 'node-llama-cpp';
import { llamaCppError } from './errors.js';

let loading: Promise<typeof NodeLlamaCpp> | null = null;

/**
 * node-llama-cpp, loaded on first use: it is an optional dependency (with its GPU builds, most of
 * an install's size), so a deployment that calls an HTTP model server need not have it. Missing,
 * it is a `RUNTIME_MISSING` EvaluatorError saying how to install it.
 */
export function loadNodeLlamaCpp(): Promise<typeof NodeLlamaCpp> {
  loading ??= import('node-llama-cpp').catch((cause: unknown) => {
    loading = null;
    throw llamaCppError('RUNTIME_MISSING',
      `SAFEGUARD_GGUF needs the optional package node-llama-cpp, which cannot be loaded (${(cause as Error).message}); `
      + 'install it with `npm install node-llama-cpp@3.21.1`, or use SAFEGUARD_URL with a model server', { cause });
  });
  return loading;
}
