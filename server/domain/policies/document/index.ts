// Policy documents: Markdown + YAML front matter (DESIGN §7). Pure functions, no I/O.
export { parsePolicyDocument } from './parse.js';
export { lintPolicyDocument } from './lint.js';
export { estimateTokens } from './tokens.js';
export { formatPolicyDocument } from './format.js';
export type { DocumentProblem, ParseResult, PolicyDocument } from './types.js';
export type { Finding } from '../../../../sdk/index.js';
