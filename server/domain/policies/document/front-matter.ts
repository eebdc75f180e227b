// Splits `---`-fenced YAML front matter from the Markdown body, keeping file line numbers.
import type { DocumentProblem } from './types.js';

export interface SplitDocument {
  readonly yaml: string;
  /** File line (1-based) of the first YAML line. */
  readonly yamlLine: number;
  readonly body: string;
  /** File line of the body's first line (after trimming leading blank lines). */
  readonly bodyLine: number;
}

const OPEN = /^---[ \t]*$/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

/** Returns the split document, or the problem that prevents finding its front matter. */
export function splitFrontMatter(content: string): SplitDocument | DocumentProblem {
  // Editors add a BOM or CRLF line ends; neither should change how a policy parses.
  const lines = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  if (!OPEN.test(lines[0] ?? '')) {
    return { path: '', line: 1, message: "missing front matter: the document must start with a '---' line" };
  }
  const close = lines.findIndex((line, index) => index > 0 && CLOSE.test(line));
  if (close < 0) {
    return { path: '', line: 1, message: "front matter opened on line 1 is never closed with '---'" };
  }
  let first = close + 1;
  while (first < lines.length && lines[first]!.trim() === '') first += 1;
  const body = lines.slice(first).join('\n').trimEnd();
  // An empty body is reported on the line after the closing '---'.
  return { yaml: lines.slice(1, close).join('\n'), yamlLine: 2, body, bodyLine: body === '' ? close + 2 : first + 1 };
}

export function isProblem(value: SplitDocument | DocumentProblem): value is DocumentProblem {
  return 'message' in value;
}
