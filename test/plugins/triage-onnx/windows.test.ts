import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PIECES, scoringPieces, WINDOW_CHARS, WINDOW_OVERLAP } from '../../../plugins/triage-onnx/windows.js';

describe('scoringPieces', () => {
  it('scores a one-sentence item as it is', () => {
    expect(scoringPieces('hello there', 4096)).toEqual(['hello there']);
  });

  it('adds every sentence on its own after the whole item', () => {
    expect(scoringPieces('Fine day. You idiot!\nBye', 4096)).toEqual(['Fine day. You idiot!\nBye', 'Fine day.', 'You idiot!', 'Bye']);
  });

  it('cuts a long sentence into overlapping windows that cover it to its end', () => {
    const text = 'x'.repeat(3000);
    const pieces = scoringPieces(text, 4096).slice(1);
    expect(pieces.map((p) => p.length)).toEqual([WINDOW_CHARS, WINDOW_CHARS, WINDOW_CHARS, 3000 - 3 * (WINDOW_CHARS - WINDOW_OVERLAP)]);
  });

  it('stays bounded and covers every character, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
      const pieces = scoringPieces(text, 4096);
      expect(pieces[0]).toBe(text);
      expect(pieces.length).toBeLessThanOrEqual(MAX_PIECES + 1);
      // Either the item is short enough to be read whole, or its pieces cover every character.
      if (pieces.length === 1) {
        expect(text.length).toBeLessThanOrEqual(WINDOW_CHARS);
      } else {
        const covered = pieces.slice(1).join('');
        for (const char of text.replace(/\s/g, '')) expect(covered.includes(char)).toBe(true);
      }
    }), { numRuns: 200 });
    expect(scoringPieces('a. '.repeat(20_000), 4096).length).toBeLessThanOrEqual(MAX_PIECES + 1);
  });
});
