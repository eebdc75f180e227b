/**
 * Text hygiene at the engine's boundaries (DESIGN §4): PostgreSQL stores neither NUL (text or
 * jsonb `\u0000`) nor lone UTF-16 surrogates faithfully — the driver turns a lone surrogate into
 * U+FFFD, so a hash computed before storage would never match the stored text again.
 */

// A lone high surrogate (not followed by a low one), a lone low one, or NUL.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
const UNSTORABLE_TEST = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** Whether PostgreSQL can store `text` exactly as it is. */
export const isStorable = (text: string): boolean => !UNSTORABLE_TEST.test(text);

/** `text` without NUL and lone surrogates. */
export const storable = (text: string): string => text.replace(UNSTORABLE, '');

/** The first path inside a JSON value (keys included) holding unstorable text, or null. */
export function unstorablePath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isStorable(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = unstorablePath(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (!isStorable(key)) return `${path}.<key>`;
      const found = unstorablePath(inner, `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Cleans streamed text piece by piece so that the cleaned pieces concatenate to the cleaned
 * whole: a high surrogate at the end of a piece waits for the next piece's first character.
 */
export interface StreamSanitizer {
  push(text: string): string;
  end(): string;
}

export function createStreamSanitizer(): StreamSanitizer {
  let carry = '';
  return {
    push(text) {
      const joined = carry + text;
      const last = joined.charCodeAt(joined.length - 1);
      const pending = last >= 0xd800 && last <= 0xdbff;
      carry = pending ? joined.slice(-1) : '';
      return storable(pending ? joined.slice(0, -1) : joined);
    },
    end() {
      const rest = storable(carry);
      carry = '';
      return rest;
    },
  };
}
