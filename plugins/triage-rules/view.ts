// A text as its words glued together, plus where the word boundaries were. Terms are matched
// against the glued form, starting and ending on boundaries, so "f r e e  m o n e y" and
// "freemoney" both match "free money" while "class" does not match "ass".

export interface View {
  /** The text's words concatenated, one code point per entry. */
  readonly chars: readonly string[];
  /** boundary[i]: a word starts or ends at position i (length chars.length + 1). */
  readonly boundary: readonly boolean[];
  /**
   * joinable[i]: the boundary at i is no real word break: a single character stands on one side
   * ("f r e e"), or only symbols, no space, separate the words ("fr*ee", "don't").
   */
  readonly joinable: readonly boolean[];
}

const WORDS = /[\p{L}\p{N}]+/gu;
const SPACE = /\s/u;

export function createView(text: string): View {
  const chars: string[] = [];
  const boundary: boolean[] = [true];
  const joinable: boolean[] = [false];
  let previous: { end: number; length: number } | null = null;
  for (const match of text.matchAll(WORDS)) {
    const letters = Array.from(match[0]);
    if (previous) {
      const glued = !SPACE.test(text.slice(previous.end, match.index));
      joinable[chars.length] = glued || previous.length === 1 || letters.length === 1;
    }
    for (const letter of letters) {
      chars.push(letter);
      boundary.push(false);
      joinable.push(false);
    }
    boundary[chars.length] = true;
    previous = { end: match.index + match[0].length, length: letters.length };
  }
  return { chars, boundary, joinable };
}
