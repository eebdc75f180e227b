// A hand-rolled tokeniser over a normalised text (see normalizeText: lower case, one space between
// tokens). It finds the same runs as /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]+/gu without
// allocating a string per token: featurising is most of a triage model's inference time.

/** Token spans of one text: token k is `text.slice(starts[k], ends[k])`; `word[k]` is 1 for a word. */
export interface TokenSpans {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly word: Uint8Array;
}

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const UNKNOWN = 0, WORD = 1, OTHER = 2, SPACE = 3;
/** Class of each BMP code unit, filled in on first sight (the regex test is the slow path). */
const classes = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) classes[c] = c === 32 ? SPACE : /[a-z0-9]/i.test(String.fromCharCode(c)) ? WORD : OTHER;

let starts = new Int32Array(256);
let ends = new Int32Array(256);
let word = new Uint8Array(256);

/** The text's tokens; the arrays are reused by the next call, so read them before calling again. */
export function scanTokens(text: string): TokenSpans {
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const { kind, width } = classify(text, i);
    if (kind === SPACE) {
      i += width;
      continue;
    }
    const start = i;
    i += width;
    while (i < text.length) {
      const next = classify(text, i);
      if (next.kind !== kind) break;
      i += next.width;
    }
    if (count === starts.length) grow();
    starts[count] = start;
    ends[count] = i;
    word[count++] = kind === WORD ? 1 : 0;
  }
  return { count, starts, ends, word };
}

const result = { kind: 0, width: 1 };

function classify(text: string, i: number): { kind: number; width: number } {
  const unit = text.charCodeAt(i);
  result.width = 1;
  if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
    const point = text.codePointAt(i)!;
    result.width = point > 0xffff ? 2 : 1;
    result.kind = point > 0xffff ? (WORD_CHAR.test(String.fromCodePoint(point)) ? WORD : OTHER) : OTHER;
    return result;
  }
  let kind = classes[unit]!;
  if (kind === UNKNOWN) {
    const char = String.fromCharCode(unit);
    kind = /\s/.test(char) ? SPACE : WORD_CHAR.test(char) ? WORD : OTHER;
    classes[unit] = kind;
  }
  result.kind = kind;
  return result;
}

function grow(): void {
  const size = starts.length * 2;
  const [s, e, w] = [new Int32Array(size), new Int32Array(size), new Uint8Array(size)];
  s.set(starts), e.set(ends), w.set(word);
  (starts = s), (ends = e), (word = w);
}
