// Undoes the obfuscations people use to slip past keyword filters, with maintained tables:
// obscenity's confusables and leetspeak transformers and unhomoglyph's Unicode confusables.
import { resolveConfusablesTransformer, resolveLeetSpeakTransformer } from 'obscenity';
import unhomoglyph from 'unhomoglyph';

const confusable = resolveConfusablesTransformer().transform;
const leet = resolveLeetSpeakTransformer().transform;

/** Applies one of obscenity's per-code-point transformers to a single character. */
function through(transform: (codePoint: number) => number | undefined, char: string): string {
  const codePoint = char.codePointAt(0)!;
  return String.fromCodePoint(transform(codePoint) ?? codePoint);
}

const FORMAT_CHARACTERS = /\p{Cf}/gu; // zero-width space/joiners, word joiner, BOM, soft hyphen
const MARKS = /\p{M}/gu; // diacritics and variation selectors, once NFKD has split them off
const NON_ASCII = /[^\x00-\x7f]/gu;

/**
 * Character-level normalisation: drops invisible characters, maps look-alikes (Cyrillic "а",
 * "𝐟", "🅵", fullwidth forms) and accented letters to plain ASCII, lowercases. Spacing and
 * punctuation are kept, so regexes still see URLs and sentences.
 */
export function normalizeCharacters(text: string): string {
  // Both tables leave ASCII alone except for mappings ('|' → 'l', 'm' → 'rn') that would
  // corrupt ordinary text, so only non-ASCII characters are resolved.
  const resolved = text.replace(FORMAT_CHARACTERS, '').replace(NON_ASCII, (char) => through(confusable, char));
  return resolved.normalize('NFKD').replace(MARKS, '').replace(NON_ASCII, (char) => unhomoglyph(char)).toLowerCase();
}

const WORD = /[\p{L}\p{N}]/u;
const isWord = (char: string | undefined) => char !== undefined && WORD.test(char);

/**
 * Resolves leetspeak in normalised text. Digits always map ("fr33" → "free"); `$` and `@` map
 * next to a word character or each other ("$ave", "earn $$$"); `!`, `|`, `(` and `/` only
 * inside a word ("k!ll"), so "free!" keeps its word boundary. `1` and `|` stand for "i" or
 * "l": `oneAs` picks which ("k1ll", "ki11").
 */
export function resolveLeetspeak(normalized: string, oneAs: 'i' | 'l' = 'i'): string {
  const chars = Array.from(normalized);
  return chars
    .map((char, index) => {
      const mapped = oneAs === 'l' && (char === '1' || char === '|') ? 'l' : through(leet, char);
      if (mapped === char || /\d/.test(char)) return mapped;
      const [before, after] = [chars[index - 1], chars[index + 1]];
      if (char === '$' || char === '@') {
        const near = (c: string | undefined) => isWord(c) || c === '$' || c === '@';
        return near(before) || near(after) ? mapped : char;
      }
      return isWord(before) && isWord(after) ? mapped : char;
    })
    .join('');
}
