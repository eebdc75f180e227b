import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UsageError } from './usage.js';

const BENCH_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));

/** `arbiter bench [NAME…]`: runs bench/NAME.ts scripts (all of them when none is named), one after another. */
export async function run(argv: readonly string[]): Promise<number> {
  const available = (await readdir(BENCH_DIR)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3)).sort();
  const chosen = argv.length > 0 ? [...argv] : available;
  const unknown = chosen.filter((name) => !available.includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  for (const name of chosen) {
    process.stdout.write(`\n# bench/${name}.ts\n`);
    const code = await new Promise<number>((resolve) => {
      spawn(process.execPath, ['--import', 'tsx', `${BENCH_DIR}${name}.ts`], { stdio: 'inherit' }).on('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0) return code;
  }
  return 0;
}
