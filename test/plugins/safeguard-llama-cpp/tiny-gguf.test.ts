import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGguf } from '../../helpers/tiny-gguf/gguf-writer.js';
import { DEFAULT_SCRIPT, tinyGguf } from '../../helpers/tiny-gguf/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'arbiter-gguf-'));

describe('GGUF writer', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes a v3 file that node-llama-cpp parses back, tensor data aligned to 32 bytes', async () => {
    const path = join(scratch, 'w.gguf');
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    writeGguf(path, {
      'general.architecture': { type: 'string', value: 'llama' },
      'x.count': { type: 'u32', value: 7 },
      'x.flag': { type: 'bool', value: true },
      'x.names': { type: 'string[]', value: ['a', 'Ġb'] },
    }, [
      { name: 'odd', shape: [3], type: 'F32', chunks: () => [new Uint8Array(new Float32Array([9, 9, 9]).buffer)] },
      { name: 'm', shape: [3, 2], type: 'F32', chunks: () => [new Uint8Array(data.buffer)] },
    ]);
    const info = await readGgufFileInfo(path, { readTensorInfo: true });
    expect(info.version).toBe(3);
    expect(info.metadata).toMatchObject({ general: { architecture: 'llama' }, x: { count: 7, flag: true, names: ['a', 'Ġb'] } });
    expect(info.tensorInfo?.map((t) => ({ name: t.name, dimensions: t.dimensions.map(Number), offset: Number(t.offset) }))).toEqual([
      { name: 'odd', dimensions: [3], offset: 0 },
      { name: 'm', dimensions: [3, 2], offset: 32 },
    ]);
    const bytes = readFileSync(path);
    expect(info.infoEndOffset! % 32).toBe(0);
    const start = info.infoEndOffset! + Number(info.tensorInfo![1]!.offset);
    expect([...new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + 24))]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses a tensor whose chunks do not fill its shape', () => {
    expect(() =>
      writeGguf(join(scratch, 'bad.gguf'), {}, [{ name: 't', shape: [4], type: 'F32', chunks: () => [new Uint8Array(8)] }]),
    ).toThrow(/expected 16/);
  });
});

describe('tiny scripted GGUF', () => {
  it('is a one-layer llama with the harmony special tokens, cached by its options', async () => {
    const path = tinyGguf();
    const written = statSync(path).mtimeMs;
    expect(tinyGguf()).toBe(path);
    expect(statSync(path).mtimeMs).toBe(written);
    const info = await readGgufFileInfo(path);
    const tokens = info.metadata.tokenizer.ggml.tokens as string[];
    expect(info.metadata.general.architecture).toBe('llama');
    expect(info.metadata.llama).toMatchObject({ block_count: 1, attention: { head_count: 4 } });
    expect(['<|start|>', '<|channel|>', '<|message|>', '<|end|>', '<|return|>', '<|constrain|>', '<|call|>'].filter((t) => !tokens.includes(t))).toEqual([]);
    expect(tokens.length).toBeLessThan(400);
  });

  it('writes a different file for a different script', () => {
    const script = { ...DEFAULT_SCRIPT, trigger: 'OTHER-WORD' };
    expect(tinyGguf({ script })).not.toBe(tinyGguf());
  });
});
