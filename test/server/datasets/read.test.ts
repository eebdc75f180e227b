import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatasetFile } from '../../../server/datasets/index.js';

// Real data lives beside the checkout (never copied into the repo); these tests skip without it.
const TOXIC_CHAT = resolve(import.meta.dirname, '../../../../shared/data/toxic-chat/toxic_chat_train.json');

describe('readDatasetFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arbiter-datasets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a gzip-compressed OpenAI moderation file', async () => {
    const path = join(dir, 'samples.jsonl.gz');
    await writeFile(path, gzipSync('{"prompt": "kill it", "V": 1}\n{"prompt": "fine", "V": 0}\n'));
    expect(await readDatasetFile(path)).toEqual({
      format: 'openai-moderation',
      items: [
        { content: 'kill it', labels: { V: 1, flagged: 1 } },
        { content: 'fine', labels: { V: 0 } },
      ],
      skipped: [],
    });
  });

  it('rejects a missing file with UNREADABLE_FILE', async () => {
    await expect(readDatasetFile(join(dir, 'absent.jsonl'))).rejects.toMatchObject({ code: 'UNREADABLE_FILE' });
  });

  it.skipIf(!existsSync(TOXIC_CHAT))('reads the real ToxicChat training split', async () => {
    const dataset = await readDatasetFile(TOXIC_CHAT);
    const toxic = dataset.items.filter((item) => item.labels['toxicity'] === 1).length;
    const jailbreaking = dataset.items.filter((item) => item.labels['jailbreaking'] === 1).length;
    expect({ format: dataset.format, n: dataset.items.length, toxic, jailbreaking, skipped: dataset.skipped }).toEqual({
      format: 'toxic-chat', n: 2801, toxic: 384, jailbreaking: 113, skipped: [],
    });
  });
});
