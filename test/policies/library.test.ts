import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePolicyRegex } from '../../sdk/index.js';
import {
  estimateTokens,
  formatPolicyDocument,
  lintPolicyDocument,
  parsePolicyDocument,
} from '../../server/domain/policies/document/index.js';

const DIRECTORY = join(import.meta.dirname, '../../policies');
const FILES = readdirSync(DIRECTORY).filter((file) => file.endsWith('.md')).sort();

describe('policy library', () => {
  it('holds the six sample policies', () => {
    expect(FILES).toEqual([
      'fraud-and-scams.md',
      'harassment-and-hate.md',
      'prompt-injection.md',
      'self-harm.md',
      'spam.md',
      'violent-threats.md',
    ]);
  });

  describe.each(FILES)('%s', (file) => {
    const content = readFileSync(join(DIRECTORY, file), 'utf8');
    const result = parsePolicyDocument(content);

    it('parses without problems, its slug matching its file name', () => {
      expect(result).toMatchObject({ ok: true, document: { slug: basename(file, '.md') } });
    });

    it('lints clean, within the 400–600 token budget', () => {
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(lintPolicyDocument(result.document)).toEqual([]);
      const tokens = estimateTokens(result.document.body);
      expect(tokens).toBeGreaterThanOrEqual(400);
      expect(tokens).toBeLessThanOrEqual(600);
    });

    it('declares allowed (severity 0) and violating rules, and rule-based triage', () => {
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      const { rules, triage } = result.document;
      expect(rules.some((rule) => rule.severity === 0)).toBe(true);
      expect(rules.some((rule) => rule.severity > 0)).toBe(true);
      expect(triage.match.length).toBeGreaterThan(0);
      // Triage flags content as violating, so it must never point at an allowed-content rule.
      const allowed = new Set(rules.filter((rule) => rule.severity === 0).map((rule) => rule.id));
      expect(triage.match.filter((spec) => allowed.has(spec.rule))).toEqual([]);
      for (const spec of triage.match) if (spec.regex) expect(compilePolicyRegex(spec.regex)).toEqual({ source: spec.regex, test: expect.any(Function) });
    });

    it('gives each rule the severity its category number names (SP2.a → 2)', () => {
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      const mismatched = result.document.rules.filter((rule) => Number(/\d+/.exec(rule.id)![0]) !== rule.severity);
      expect(mismatched).toEqual([]);
    });

    it('round-trips through formatPolicyDocument', () => {
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(parsePolicyDocument(formatPolicyDocument(result.document))).toEqual(result);
    });
  });
});
