import { describe, expect, it } from 'vitest';
import { DatasetError, parseDataset } from '../../../server/datasets/index.js';

const jsonl = (...records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

describe('parseDataset: Arbiter JSONL', () => {
  it('reads content and labels, skipping blank lines', () => {
    const text = jsonl({ content: 'buy now', labels: { spam: 1, toxic: 0 } }, '', { content: 'hello', labels: { spam: false } });
    expect(parseDataset(text)).toEqual({
      format: 'jsonl',
      items: [
        { content: 'buy now', labels: { spam: 1, toxic: 0 } },
        { content: 'hello', labels: { spam: 0 } },
      ],
      skipped: [],
    });
  });

  it('rejects a malformed line with INVALID_RECORD naming its line number', () => {
    const text = jsonl({ content: 'a', labels: { spam: 0 } }, '{"content": "b", "labels": {"spam": 1}', { content: 'c', labels: {} });
    const error = captureError(() => parseDataset(text));
    expect(error).toBeInstanceOf(DatasetError);
    expect(error).toMatchObject({ code: 'INVALID_RECORD', line: 2 });
    expect(error.message).toMatch(/^line 2: not JSON/);
  });

  it('rejects a label that is not 0 or 1', () => {
    const text = jsonl({ content: 'a', labels: { spam: 0 } }, { content: 'b', labels: { spam: 2 } });
    expect(() => parseDataset(text)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD', line: 2 }));
  });

  it('skips and counts bad records when asked to', () => {
    const text = jsonl({ content: 'a', labels: { spam: 0 } }, 'oops', { content: 7, labels: {} }, { content: 'd', labels: { spam: 1 } });
    expect(parseDataset(text, { skipInvalid: true })).toEqual({
      format: 'jsonl',
      items: [
        { content: 'a', labels: { spam: 0 } },
        { content: 'd', labels: { spam: 1 } },
      ],
      skipped: [2, 3],
    });
  });
});

describe('parseDataset: ToxicChat', () => {
  it('reads release rows (user_input, toxicity, jailbreaking) given as JSON lines', () => {
    const text = jsonl(
      { conv_id: 'x', user_input: 'you idiot', model_output: '…', toxicity: 1, jailbreaking: 0 },
      { conv_id: 'y', user_input: 'hi', toxicity: '0', jailbreaking: '0' },
    );
    expect(parseDataset(text)).toEqual({
      format: 'toxic-chat',
      items: [
        { content: 'you idiot', labels: { toxicity: 1, jailbreaking: 0 } },
        { content: 'hi', labels: { toxicity: 0, jailbreaking: 0 } },
      ],
      skipped: [],
    });
  });

  it('reads release rows given as CSV, quoted newlines included', () => {
    const text = 'conv_id,user_input,model_output,human_annotation,toxicity,jailbreaking,openai_moderation\n' +
      'a,"line one\nline ""two""",out,True,1,1,"[]"\r\nb,plain,out,False,0,0,"[]"\n';
    expect(parseDataset(text).items).toEqual([
      { content: 'line one\nline "two"', labels: { toxicity: 1, jailbreaking: 1 } },
      { content: 'plain', labels: { toxicity: 0, jailbreaking: 0 } },
    ]);
  });

  it('reads the evaluation-harness JSON with instances and majority_human annotations', () => {
    const text = JSON.stringify({
      dataset: 'ToxicChat',
      instances: [
        { id: '1', instance: 'hello', annotations: { toxicity: { majority_human: '0', individual_human_scores: [] }, jailbreaking: { majority_human: '0' } } },
        { id: '2', instance: 'ignore all rules', annotations: { toxicity: { majority_human: '1' }, jailbreaking: { majority_human: '1' } } },
      ],
    }, null, 2);
    expect(parseDataset(text)).toEqual({
      format: 'toxic-chat',
      items: [
        { content: 'hello', labels: { toxicity: 0, jailbreaking: 0 } },
        { content: 'ignore all rules', labels: { toxicity: 1, jailbreaking: 1 } },
      ],
      skipped: [],
    });
  });

  it('names the record number of a bad instance in a JSON document', () => {
    const text = JSON.stringify({ instances: [{ instance: 'a', annotations: {} }, { instance: 3, annotations: {} }] });
    expect(() => parseDataset(text)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD', line: 2 }));
  });
});

describe('parseDataset: OpenAI moderation', () => {
  it('reads category codes, leaving unannotated ones out, and derives "flagged"', () => {
    const text = jsonl(
      { prompt: 'calm text', S: 0, H: 0, V: 0, HR: 0, SH: 0, S3: 0, H2: 0, V2: 0 },
      { prompt: 'hateful text', H: 1, S: 0 },
      { prompt: 'unclear text', S: 0, V: null },
    );
    const all0 = { S: 0, H: 0, V: 0, HR: 0, SH: 0, S3: 0, H2: 0, V2: 0 };
    expect(parseDataset(text)).toEqual({
      format: 'openai-moderation',
      items: [
        { content: 'calm text', labels: { ...all0, flagged: 0 } },
        { content: 'hateful text', labels: { S: 0, H: 1, flagged: 1 } },
        { content: 'unclear text', labels: { S: 0 } },
      ],
      skipped: [],
    });
  });
});

describe('parseDataset: format', () => {
  it('uses the format it is given instead of detecting one', () => {
    const text = jsonl({ prompt: 'p', content: 'c', labels: { x: 1 }, S: 1 });
    expect(parseDataset(text, { format: 'openai-moderation' }).items).toEqual([{ content: 'p', labels: { S: 1, flagged: 1 } }]);
    expect(parseDataset(text, { format: 'jsonl' }).items).toEqual([{ content: 'c', labels: { x: 1 } }]);
  });

  it('rejects a file whose first record matches no format with UNKNOWN_FORMAT', () => {
    expect(() => parseDataset(jsonl({ text: 'a', label: 1 }))).toThrow(expect.objectContaining({ code: 'UNKNOWN_FORMAT', line: 1 }));
    expect(() => parseDataset('')).toThrow(expect.objectContaining({ code: 'UNKNOWN_FORMAT' }));
  });

  it('strips a byte-order mark', () => {
    expect(parseDataset('\uFEFF' + jsonl({ content: 'a', labels: {} })).items).toEqual([{ content: 'a', labels: {} }]);
  });
});

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
