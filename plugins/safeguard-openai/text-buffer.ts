/** An append-only string builder for streamed fragments. */
export interface TextBuffer {
  push(text: string): void;
  /** Characters pushed so far. */
  readonly length: number;
  toString(): string;
}

const BATCH = 256;

/**
 * Collects many small strings. Joining them in batches lets each fragment die young instead of
 * being promoted to the old generation, which is measurable at tens of thousands of tokens/s.
 */
export function createTextBuffer(): TextBuffer {
  const joined: string[] = [];
  let batch: string[] = [];
  let length = 0;
  return {
    push(text) {
      batch.push(text);
      length += text.length;
      if (batch.length === BATCH) {
        joined.push(batch.join(''));
        batch = [];
      }
    },
    get length() {
      return length;
    },
    toString: () => joined.join('') + batch.join(''),
  };
}
