// Run-length term matching: "free" is f, r, e×2, so "freeee" matches it and "fre" does not,
// and "ass" (s×2) never matches "as". Linear in the text, with no regex to backtrack.
import type { View } from './view.js';

export interface Run {
  readonly char: string;
  /** How many times the term repeats `char` here; the text may repeat it more. */
  readonly min: number;
  /** The term has a word boundary right after this run ("free|money"). */
  readonly wordEndAfter: boolean;
  /** The term has a word boundary inside this run ("no|one"). */
  readonly wordEndInside: boolean;
}

export function toRuns(term: View): Run[] {
  const runs: Run[] = [];
  const { chars, boundary } = term;
  for (let start = 0; start < chars.length; ) {
    let end = start + 1;
    while (end < chars.length && chars[end] === chars[start]) end += 1;
    const inside = boundary.slice(start + 1, end).some(Boolean);
    runs.push({ char: chars[start]!, min: end - start, wordEndAfter: end < chars.length && boundary[end]!, wordEndInside: inside });
    start = end;
  }
  return runs;
}

/** Whether the term occurs in the text, starting and ending on word boundaries. */
export function occursIn(text: View, runs: readonly Run[]): boolean {
  const first = runs[0];
  if (!first) return false;
  for (let start = 0; start < text.chars.length; start += 1) {
    if (text.boundary[start] && text.chars[start] === first.char && occursAt(text, runs, start)) return true;
  }
  return false;
}

function occursAt(text: View, runs: readonly Run[], start: number): boolean {
  const ends: number[] = [];
  let position = start;
  for (const [index, run] of runs.entries()) {
    let end = position;
    while (end < text.chars.length && text.chars[end] === run.char) end += 1;
    if (end - position < run.min) return false;
    if (index === runs.length - 1) {
      // The last run may stop short of the text's run, but only at a word end ("ass" in "ass sassy").
      while (end > position + run.min && !text.boundary[end]) end -= 1;
      if (!text.boundary[end]) return false;
    }
    ends.push(end);
    position = end;
  }
  return innerBoundariesAllowed(text, runs, start, ends);
}

/**
 * A word boundary inside the matched text is fine where the term has one too, or where it is
 * no real word break (see View.joinable). Anything else splits a word of the term across two
 * real words ("the rapist" is not "therapist").
 */
function innerBoundariesAllowed(text: View, runs: readonly Run[], start: number, ends: readonly number[]): boolean {
  let from = start;
  for (const [index, end] of ends.entries()) {
    const run = runs[index]!;
    for (let p = from + 1; p <= end; p += 1) {
      if (!text.boundary[p] || (index === ends.length - 1 && p === end) || text.joinable[p]) continue;
      if (p === end ? !run.wordEndAfter : !run.wordEndInside) return false;
    }
    from = end;
  }
  return true;
}
