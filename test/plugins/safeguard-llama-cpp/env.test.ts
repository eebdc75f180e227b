import { describe, expect, it } from 'vitest';
import { llamaCppOptionsFromEnv } from '../../../plugins/safeguard-llama-cpp/index.js';

describe('llamaCppOptionsFromEnv', () => {
  it('returns undefined when SAFEGUARD_GGUF is unset or blank', () => {
    expect(llamaCppOptionsFromEnv({})).toBeUndefined();
    expect(llamaCppOptionsFromEnv({ SAFEGUARD_GGUF: '  ' })).toBeUndefined();
  });

  it('reads the model path, with the GPU on auto unless SAFEGUARD_GGUF_GPU says otherwise', () => {
    expect(llamaCppOptionsFromEnv({ SAFEGUARD_GGUF: '/models/gpt-oss-safeguard-20b.gguf' })).toEqual({ modelPath: '/models/gpt-oss-safeguard-20b.gguf', gpu: 'auto' });
    expect(llamaCppOptionsFromEnv({ SAFEGUARD_GGUF: 'm.gguf', SAFEGUARD_GGUF_GPU: 'CUDA' })).toEqual({ modelPath: 'm.gguf', gpu: 'cuda' });
    expect(llamaCppOptionsFromEnv({ SAFEGUARD_GGUF: 'm.gguf', SAFEGUARD_GGUF_GPU: 'cpu' })).toEqual({ modelPath: 'm.gguf', gpu: false });
  });

  it('rejects an unknown SAFEGUARD_GGUF_GPU', () => {
    expect(() => llamaCppOptionsFromEnv({ SAFEGUARD_GGUF: 'm.gguf', SAFEGUARD_GGUF_GPU: 'constructor' })).toThrow(TypeError);
  });
});
