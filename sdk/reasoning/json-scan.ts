/** The JSON found in a model's final text, if any. */
export type ScannedJson =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'cut' }
  | { readonly kind: 'none' };

const BARE = /^(?:(?:answer|output|label|violation)\s*[:=]\s*)?["'`]?([01])["'`]?\.?$/i;

/**
 * Finds the answer in free text: a bare `0`/`1`, or the last complete top-level JSON object or
 * array (code fences and prose around it are ignored). `cut` means an object was opened and never
 * closed, which is what a truncated generation looks like.
 */
export function scanJson(output: string): ScannedJson {
  const text = output.replace(/```[a-z]*\s*/gi, '').trim();
  const bare = BARE.exec(text);
  if (bare) return { kind: 'value', value: Number(bare[1]) };
  let found: ScannedJson = { kind: 'none' };
  let index = 0;
  while (index < text.length) {
    const open = nextOpening(text, index);
    if (open < 0) break;
    const close = matchingClose(text, open);
    if (close < 0 && opensJson(text, open)) return found.kind === 'value' ? found : { kind: 'cut' };
    if (close < 0) {
      index = open + 1; // a stray bracket in prose
      continue;
    }
    const value = tryParse(text.slice(open, close + 1));
    if (value !== undefined) found = { kind: 'value', value };
    index = value !== undefined ? close + 1 : open + 1;
  }
  return found;
}

/** Whether the bracket at `open` starts something JSON-like (`{"`, `{}`, `[{`, `[0`…), not prose. */
function opensJson(text: string, open: number): boolean {
  return /^[{[]\s*(["{}[\]]|[0-9-]|$)/.test(text.slice(open, open + 20));
}

function nextOpening(text: string, from: number): number {
  const brace = text.indexOf('{', from);
  const bracket = text.indexOf('[', from);
  if (brace < 0) return bracket;
  if (bracket < 0) return brace;
  return Math.min(brace, bracket);
}

/** Index of the bracket closing the one at `open`, respecting JSON strings; -1 if never closed. */
function matchingClose(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth += 1;
    else if ((ch === '}' || ch === ']') && --depth === 0) return i;
  }
  return -1;
}

function tryParse(candidate: string): unknown {
  try {
    return JSON.parse(candidate) as unknown;
  } catch {
    return undefined;
  }
}
