import { describe, expect, it } from 'vitest';
import { createHarmonySplitter } from '../../../sdk/reasoning/index.js';

function split(chunks: readonly string[]): { reasoning: string; final: string } {
  const splitter = createHarmonySplitter();
  let reasoning = '';
  let final = '';
  for (const chunk of [...chunks.map((c) => splitter.push(c)), splitter.end()]) {
    reasoning += chunk.reasoning;
    final += chunk.final;
  }
  return { reasoning, final };
}

const REASONING = 'The user writes <b>hi</b> | and asks; the assistant should check SP2.a.';
const FINAL = '{"violation": 0, "rule_ids": []}';
const FORMS = {
  raw: `<|start|>assistant<|channel|>analysis<|message|>${REASONING}<|end|><|start|>assistant<|channel|>final<|message|>${FINAL}<|return|>`,
  'raw without the leading role': `<|channel|>analysis<|message|>${REASONING}<|end|><|start|>assistant<|channel|>final<|message|>${FINAL}`,
  'raw with a constrained final': `<|channel|>analysis<|message|>${REASONING}<|end|><|start|>assistant<|channel|>final <|constrain|>json<|message|>${FINAL}<|return|>`,
  stripped: `analysis${REASONING}assistantfinal${FINAL}`,
};

describe('createHarmonySplitter', () => {
  for (const [form, text] of Object.entries(FORMS)) {
    it(`separates ${form} harmony text split at every single boundary`, () => {
      for (let cut = 0; cut <= text.length; cut += 1) {
        expect(split([text.slice(0, cut), text.slice(cut)])).toEqual({ reasoning: REASONING, final: FINAL });
      }
    });

    it(`separates ${form} harmony text streamed in chunks of every size`, () => {
      for (let size = 1; size <= 20; size += 1) {
        const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, i * size + size));
        expect(split(chunks)).toEqual({ reasoning: REASONING, final: FINAL });
      }
    });
  }

  it('treats text without markers as final text', () => {
    expect(split(['{"violation"', ': 1}'])).toEqual({ reasoning: '', final: '{"violation": 1}' });
    expect(split(['1'])).toEqual({ reasoning: '', final: '1' });
    expect(split(['an', 'swer: 0'])).toEqual({ reasoning: '', final: 'answer: 0' });
  });

  it('attributes reasoning as it arrives instead of buffering to the end', () => {
    const splitter = createHarmonySplitter();
    expect(splitter.push('<|channel|>analysis<|message|>First thought. ')).toEqual({ reasoning: 'First thought. ', final: '' });
    expect(splitter.push('Second <|')).toEqual({ reasoning: 'Second ', final: '' });
    expect(splitter.push('end|>')).toEqual({ reasoning: '', final: '' });
    expect(splitter.push('<|start|>assistant<|channel|>final<|message|>{"violation"')).toEqual({ reasoning: '', final: '{"violation"' });
    expect(splitter.end()).toEqual({ reasoning: '', final: '' });
  });

  it('holds back only a possible marker start in the stripped form', () => {
    const splitter = createHarmonySplitter();
    expect(splitter.push('analysisThe user is the assist')).toEqual({ reasoning: 'The user is the ', final: '' });
    expect(splitter.push('ant role.')).toEqual({ reasoning: 'assistant role.', final: '' });
    expect(splitter.push('assistantfinal0')).toEqual({ reasoning: '', final: '0' });
  });

  it('keeps a literal "<|" that starts no marker', () => {
    expect(split(['<|channel|>analysis<|message|>a <|b|> c<|end|>', '<|start|>assistant<|channel|>final<|message|>1'])).toEqual({
      reasoning: 'a <|b|> c',
      final: '1',
    });
  });

  it('flushes an unfinished reasoning stream at the end', () => {
    expect(split(['analysisStill thinking about the assist'])).toEqual({ reasoning: 'Still thinking about the assist', final: '' });
  });
});
