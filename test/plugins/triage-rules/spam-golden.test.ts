// Sanity check of the spam policy's triage rules against OpenAI's 40-item spam golden set
// (shared data, read at run time). Keyword triage is built for precision, not recall: this
// reports the hit rate and asserts only that allowed content (SP0) is never flagged.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { triageRules } from '../../../plugins/triage-rules/index.js';
import { classifyAll, libraryPolicy } from './fixtures.js';

const ROOT = join(import.meta.dirname, '../../..');
const CANDIDATES = [process.env.ARBITER_SHARED_DATA, join(ROOT, 'shared/data'), join(ROOT, '../shared/data')];
const GOLDEN = CANDIDATES.filter((dir): dir is string => !!dir)
  .map((dir) => join(dir, 'openai-spam-golden/golden_dataset.csv'))
  .find((file) => existsSync(file));

interface GoldenItem {
  readonly text: string;
  /** The section the item is filed under (SP0, SP2, SP3, SP4): the human label. */
  readonly category: string;
}

/** The CSV groups items under "SPn" header rows; item rows are "n,text,…". */
function readGolden(file: string): GoldenItem[] {
  const items: GoldenItem[] = [];
  let category: string | null = null;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const header = /^(SP\d)\s*,/.exec(line);
    if (header) category = header[1]!;
    const item = /^\d+,("(?:[^"]|"")*"|[^,]*),/.exec(line);
    if (item && category) items.push({ text: item[1]!.replace(/^"|"$/g, '').replace(/""/g, '"').trim(), category });
  }
  return items;
}

describe.skipIf(!GOLDEN)('triage-rules on the OpenAI spam golden set', () => {
  it('flags no allowed (SP0) item, and reports its hit rate on spam', async () => {
    const items = readGolden(GOLDEN!);
    expect(items).toHaveLength(40);
    const results = await classifyAll(triageRules(), libraryPolicy('spam'), items.map((item) => item.text));
    const rows = ['SP0', 'SP2', 'SP3', 'SP4'].map((category) => {
      const indexes = items.flatMap((item, index) => (item.category === category ? [index] : []));
      const hits = indexes.filter((index) => results[index]!.label === 'VIOLATING').length;
      return { category, items: indexes.length, flagged: hits };
    });
    console.info(['| category | items | flagged by rules |', '|---|---|---|', ...rows.map((r) => `| ${r.category} | ${r.items} | ${r.flagged} |`)].join('\n'));
    expect(rows[0]).toEqual({ category: 'SP0', items: 18, flagged: 0 });
    expect(rows.slice(1).reduce((sum, row) => sum + row.flagged, 0)).toBeGreaterThan(0);
  });
});
