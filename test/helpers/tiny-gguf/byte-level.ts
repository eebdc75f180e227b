/**
 * GPT-2 byte-level BPE stores token text with every byte mapped to a printable code point
 * (space → `Ġ`, newline → `Ċ`); llama.cpp's `gpt2` tokenizer expects that form in the vocab.
 */
const BYTE_TO_CHAR: readonly string[] = buildByteMap();

function buildByteMap(): string[] {
  const printable = (b: number): boolean =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const map: string[] = [];
  let shifted = 0;
  for (let b = 0; b < 256; b++) map[b] = String.fromCodePoint(printable(b) ? b : 256 + shifted++);
  return map;
}

/** The vocab text of a token whose bytes are the UTF-8 encoding of `text`. */
export function byteLevel(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => BYTE_TO_CHAR[b]!).join('');
}

/** The vocab texts of the 256 single-byte tokens, in byte order. */
export function byteTokens(): string[] {
  return [...BYTE_TO_CHAR];
}
