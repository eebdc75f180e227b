// What of an item the classifier scores. A hashed n-gram vector is normalised over the whole
// text, so harmless padding dilutes a violating sentence until it scores safe, and a text past
// `maxChars` would not be read at all. So the whole item is read: as the classifier always saw
// it (its first `maxChars`), and as each sentence on its own; the item's score is the maximum.

/** Longest piece scored on its own; longer sentences are cut into overlapping windows of it. */
export const WINDOW_CHARS = 1024;
/** Overlap of consecutive windows: a passage this long always lies whole inside one window. */
export const WINDOW_OVERLAP = 256;
/** Pieces scored per item at most; beyond it, neighbouring sentences are scored together. */
export const MAX_PIECES = 4096;

const SENTENCE_END = new Set(['.', '!', '?', '\n', '。', '！', '？', '…']);

/**
 * The texts to score for `content`: the content itself (the featuriser reads its first
 * `maxChars`), then, when it has more than one sentence or is longer than a window, every
 * sentence, cut into overlapping windows where long. Linear in the content's length: each
 * character is read by at most three pieces.
 */
export function scoringPieces(content: string, maxChars: number): string[] {
  const width = Math.max(16, Math.min(maxChars, WINDOW_CHARS));
  const sentences = splitSentences(content);
  if (sentences.length <= 1 && content.length <= width) return [content];
  const pieces = sentences.flatMap((sentence) => windows(sentence, width, Math.min(WINDOW_OVERLAP, width / 4)));
  return [content, ...merge(pieces, MAX_PIECES)];
}

function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!SENTENCE_END.has(text[i]!)) continue;
    while (i + 1 < text.length && SENTENCE_END.has(text[i + 1]!)) i++;
    const sentence = text.slice(start, i + 1).trim();
    if (sentence.length > 0) sentences.push(sentence);
    start = i + 1;
  }
  const rest = text.slice(start).trim();
  if (rest.length > 0) sentences.push(rest);
  return sentences;
}

function windows(text: string, width: number, overlap: number): string[] {
  if (text.length <= width) return [text];
  const out: string[] = [];
  const stride = width - overlap;
  for (let start = 0; ; start += stride) {
    // Never start on the second half of a surrogate pair.
    const from = isLowSurrogate(text.charCodeAt(start)) ? start - 1 : start;
    out.push(text.slice(from, from + width));
    if (from + width >= text.length) return out;
  }
}

/** Joins neighbours pairwise until at most `limit` pieces remain, so a huge item stays bounded. */
function merge(pieces: string[], limit: number): string[] {
  let current = pieces;
  while (current.length > limit) {
    const next: string[] = [];
    for (let i = 0; i < current.length; i += 2) {
      next.push(i + 1 < current.length ? `${current[i]} ${current[i + 1]}` : current[i]!);
    }
    current = next;
  }
  return current;
}

const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
