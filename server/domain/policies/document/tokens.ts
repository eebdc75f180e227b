import { createRequire } from 'node:module';

type Encoding = typeof import('gpt-tokenizer/encoding/o200k_harmony');

// The encoding's tables cost ~250 ms and ~60 MB to load, so only callers that count tokens pay.
let encoding: Encoding | undefined;

/**
 * Tokens `text` costs the model: gpt-oss tokenizes with o200k_harmony, so this is an exact count
 * for that family. Special-token strings in the text are counted as ordinary text, as a runtime
 * that escapes user text would.
 */
export function estimateTokens(text: string): number {
  encoding ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_harmony') as Encoding;
  return encoding.countTokens(text, { disallowedSpecial: new Set() });
}
