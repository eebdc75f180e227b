import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE_ROOT = fileURLToPath(new URL('./', import.meta.url));
const INPUTS = ['index.html', 'vite.config.ts', 'source-hash.ts', 'src'];

function files(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true }).flatMap((e) => files(join(path, e.name)));
  } catch {
    return [path];
  }
}

/** SHA-256 over the console's sources (paths and bytes, sorted): dist/ records it, a test compares. */
export function consoleSourceHash(root = CONSOLE_ROOT): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => files(join(root, input))).sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}
