import type { Finding } from '../sdk/index.js';
import { builder } from './builder.js';

/** A lint, parser or validator observation: `{ code message }`. */
export const FindingRef = builder.objectRef<Finding>('Finding').implement({
  description: 'An observation of a linter, parser or validator, such as HALLUCINATED_RULE_ID.',
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
});
