// Toolkit shared by reasoner plugins: prompts, harmony splitting, answer parsing and validation.
export { PROMPT_TEMPLATE_VERSION, buildSystemPrompt, buildUserPrompt } from './prompt.js';
export { createHarmonySplitter } from './harmony.js';
export type { HarmonyParts, HarmonySplitter } from './harmony.js';
export { parseAnswers } from './answer.js';
export type { ParseAnswersOptions } from './answer.js';
export { validateAnswer } from './validate.js';
export type { ValidateAnswerInput } from './validate.js';
export { readClaims } from './claims.js';
export type { VerdictClaim } from './claims.js';
export { scanJson } from './json-scan.js';
export type { ScannedJson } from './json-scan.js';
