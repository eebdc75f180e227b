import { describe, expect, it, vi } from 'vitest';

// node-llama-cpp is an optional dependency: without it, the plugin still imports, and fails
// only when asked to load a model, with a typed error that says what to do.
vi.mock('node-llama-cpp', () => {
  throw Object.assign(new Error("Cannot find package 'node-llama-cpp'"), { code: 'ERR_MODULE_NOT_FOUND' });
});

describe('safeguard-llama-cpp without node-llama-cpp installed', () => {
  it('imports, and setup fails with RUNTIME_MISSING naming the package to install', async () => {
    const { safeguardLlamaCpp } = await import('../../../plugins/safeguard-llama-cpp/index.js');
    const { registryFromConfig } = await import('../../../server/evaluators.js');
    const registry = registryFromConfig({ SAFEGUARD_GGUF: '/nonexistent/model.gguf' });
    expect(registry.list().map((e) => e.name)).toEqual(['triage-rules', 'safeguard-llama-cpp']);
    const evaluator = safeguardLlamaCpp({ modelPath: import.meta.filename });
    const failure = await evaluator.setup!().then(() => null, (error: unknown) => error);
    expect(failure).toMatchObject({ name: 'EvaluatorError', code: 'RUNTIME_MISSING', message: expect.stringContaining('npm install node-llama-cpp@3.21.1') });
  });
});
