import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../../codegen.js';

const root = new URL('../../../', import.meta.url).pathname;
const clientDir = join(root, 'sdk/client');

describe('sdk/client/generated', () => {
  it('is what `npm run codegen` makes from the committed schema (run it after a schema change)', async () => {
    const outputs = (await generate({ ...config, cwd: root, silent: true }, false)) as { filename: string; content: string }[];
    expect(outputs.length).toBeGreaterThanOrEqual(2);
    for (const output of outputs) {
      const committed = await readFile(join(root, output.filename), 'utf8');
      expect(committed, output.filename).toBe(output.content);
    }
  }, 120_000);

  it('imports nothing a browser lacks: no node: modules, ws, or server code', async () => {
    const offending: string[] = [];
    for (const file of await sources(clientDir)) {
      const text = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const match of text.matchAll(/from '([^']+)'|import\('([^']+)'\)/g)) {
        const target = match[1] ?? match[2]!;
        if (target.startsWith('node:') || ['ws', 'fs', 'path', 'crypto', 'http', 'net'].includes(target) || target.includes('server/')) offending.push(`${file}: ${target}`);
      }
      if (/\b(process|Buffer|require)\b[.(]/.test(text)) offending.push(`${file}: node global`);
    }
    expect(offending).toEqual([]);
  });
});

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []))));
  return nested.flat();
}
