import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSOLE_ROOT, consoleSourceHash } from '../../console/source-hash.js';

const dist = join(CONSOLE_ROOT, 'dist');

// The built console is committed so `npm install && npm start` serves it with no build step.
describe('console/dist', () => {
  it('was built from the current console sources (run `npm run console:build` when this fails)', () => {
    expect(readFileSync(join(dist, 'source-hash.txt'), 'utf8').trim()).toBe(consoleSourceHash());
  });

  it('references only assets it contains, all under /console/ (no CDN)', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => u !== 'data:,');
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) {
      expect(url).toMatch(/^\/console\/assets\/[\w.-]+$/);
      expect(existsSync(join(dist, url.slice('/console/'.length)))).toBe(true);
    }
  });

  it('changes its hash when any source byte changes', () => {
    const copy = mkdtempSync(join(tmpdir(), 'console-src-'));
    try {
      for (const input of ['index.html', 'vite.config.ts', 'source-hash.ts', 'src']) cpSync(join(CONSOLE_ROOT, input), join(copy, input), { recursive: true });
      const before = consoleSourceHash(copy);
      expect(before).toBe(consoleSourceHash());
      appendFileSync(join(copy, 'src', 'style.css'), ' ');
      expect(consoleSourceHash(copy)).not.toBe(before);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
