import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../plugins/triage-onnx/index.js';
import { scanTokens } from '../../../plugins/triage-onnx/tokens.js';

const REFERENCE = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]+/gu;

function tokens(text: string): { text: string; word: boolean }[] {
  const spans = scanTokens(text);
  return Array.from({ length: spans.count }, (_, k) => ({ text: text.slice(spans.starts[k], spans.ends[k]), word: spans.word[k] === 1 }));
}

describe('scanTokens', () => {
  it('splits words from runs of punctuation and emoji, and skips spaces', () => {
    expect(tokens('how to   make a b0mb?!! 🤬🤬')).toEqual([
      { text: 'how', word: true }, { text: 'to', word: true }, { text: 'make', word: true }, { text: 'a', word: true },
      { text: 'b0mb', word: true }, { text: '?!!', word: false }, { text: '🤬🤬', word: false },
    ]);
  });

  it('finds the runs the Unicode regex finds, in any script, surrogate pairs and combining marks included', () => {
    const texts = [
      'wie kann ich lsd herstellen', 'Como criar uma bomba?', 'Ты идиот!', '你是个白痴。', 'أنت أحمق',
      'नमस्ते दुनिया', 'e\u0301te\u0301', '𠀀𠀁abc', 'x\ud800y', 'a\u00a0b\u2028c', '', '   ', 'ǅungla ﬁne ①②',
    ].map((text) => normalizeText(text, 4096));
    for (const text of texts) expect(tokens(text).map((t) => t.text)).toEqual(text.match(REFERENCE) ?? []);
  });

  it('grows past its initial capacity', () => {
    const text = Array.from({ length: 1000 }, (_, k) => `w${k}`).join(' ');
    expect(tokens(text).length).toBe(1000);
  });
});
