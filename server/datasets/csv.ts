/** One CSV row and the 1-based line it starts on (quoted fields may span lines). */
export interface CsvRow {
  readonly line: number;
  readonly cells: string[];
}

/** RFC 4180 CSV: comma-separated, `"` quoting with `""` escapes, LF or CRLF line ends. */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\n') line++;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[i + 1] === '"') (cell += '"'), i++;
      else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') cells.push(cell), (cell = '');
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') continue;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
      (cells = []), (cell = ''), (rowLine = line);
    } else cell += char;
  }
  cells.push(cell);
  if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
  return rows;
}

/** Rows after the header as objects keyed by the header's column names. */
export function csvRecords(text: string): { line: number; value: Record<string, string> }[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map(({ line, cells }) => ({
    line,
    value: Object.fromEntries(header.cells.map((name, k) => [name.trim(), cells[k] ?? ''])),
  }));
}
