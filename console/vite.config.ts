import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { CONSOLE_ROOT, consoleSourceHash } from './source-hash.js';

// Built into console/dist (committed), served by server/http/console.ts at /console with no CDN.
export default defineConfig({
  root: CONSOLE_ROOT,
  base: '/console/',
  plugins: [
    preact(),
    {
      name: 'arbiter-source-hash',
      closeBundle: () => writeFileSync(join(CONSOLE_ROOT, 'dist', 'source-hash.txt'), `${consoleSourceHash()}\n`),
    },
  ],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, modulePreload: { polyfill: false } },
  logLevel: 'warn',
});
