import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStreamSanitizer, isStorable, storable, unstorablePath } from '../../../server/engine/text.js';

const hostile = fc.array(fc.oneof(fc.string(), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\ud83d\ude00', '\ud83d', '\ude00')), { maxLength: 16 }).map((p) => p.join(''));

describe('text hygiene', () => {
  it('keeps valid text, emoji included, and removes NUL and lone surrogates', () => {
    expect(storable('a\u0000b\ud800c\udc00d\ud83d\ude00')).toBe('abcd\ud83d\ude00');
    expect(isStorable('plain ✓ \ud83d\ude00')).toBe(true);
  });

  it('cleans streamed pieces to the same text as the cleaned whole, even with a pair split across pieces', () => {
    fc.assert(fc.property(fc.array(hostile, { maxLength: 8 }), (pieces) => {
      const sanitizer = createStreamSanitizer();
      const streamed = pieces.map((p) => sanitizer.push(p)).join('') + sanitizer.end();
      expect(streamed).toBe(storable(pieces.join('')));
      expect(isStorable(streamed)).toBe(true);
    }), { numRuns: 500 });
  });

  it('finds unstorable text anywhere in a JSON value, keys included', () => {
    expect(unstorablePath({ a: [1, { b: 'ok' }, 'x\u0000'] }, 'metadata')).toBe('metadata.a[2]');
    expect(unstorablePath({ ['k\ud800']: 1 }, 'metadata')).toBe('metadata.<key>');
    expect(unstorablePath({ a: ['fine', 2, null, true] }, 'metadata')).toBeNull();
  });
});
