/** A markdown table; columns after the first are right-aligned (they hold figures). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]): string => `| ${cells.map(String).join(' | ')} |`;
  const rule = `|${headers.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
