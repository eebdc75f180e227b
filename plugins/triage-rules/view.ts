// A text as its words glued together, plus where the word boundaries were. Terms are matched
// against the glued form, starting and ending on boundaries, so "f r e e  m o n e y" and
// "freemoney" both match "free money" while "class" does not match "ass".

export interface View {
  /** The text's words concatenated, one code point per entry. */
  readonly chars: readonly string[];
  /** boundary[i]: a word starts or ends at position i (length chars.length + 1). */
  readonly boundary: readonly boolean[];
  /** spaced[i]: one of the words meeting at boundary i is a single character ("f r e e"). */
  readonly spaced: readonly boolean[];
}

const WORDS = /[\p{L}\p{N}]+/gu;

export function createView(text: string): View {
  const chars: string[] = [];
  const boundary: boolean[] = [true];
  const spaced: boolean[] = [false];
  let previousLength = 0;
  for (const [word] of text.matchAll(WORDS)) {
    const letters = Array.from(word);
    spaced[chars.length] = previousLength === 1 || letters.length === 1;
    for (const letter of letters) {
      chars.push(letter);
      boundary.push(false);
      spaced.push(false);
    }
    boundary[chars.length] = true;
    previousLength = letters.length;
  }
  spaced[chars.length] = previousLength === 1;
  return { chars, boundary, spaced };
}
