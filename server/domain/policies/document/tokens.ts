import { countTokens } from 'gpt-tokenizer/encoding/o200k_harmony';

/**
 * Tokens `text` costs the model: gpt-oss tokenizes with o200k_harmony, so this is an exact count
 * for that family. Special-token strings in the text are counted as ordinary text, as a runtime
 * that escapes user text would.
 */
export function estimateTokens(text: string): number {
  return countTokens(text, { disallowedSpecial: new Set() });
}
