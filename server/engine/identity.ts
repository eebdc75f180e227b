import { createHash } from 'node:crypto';
import type { Evaluator } from '../../sdk/index.js';
import { canonicalJson } from '../domain/audit/hash.js';

/**
 * The verdict's evaluator identity: a hash of everything that changes an evaluator's answers —
 * plugin name and version, its own identity string (model digest, prompt template, decoding
 * parameters) and the effort used.
 */
export function evaluatorIdentity(evaluator: Evaluator, effort: string | null): string {
  const material = canonicalJson({ name: evaluator.name, version: evaluator.version, identity: evaluator.identity(), effort });
  return createHash('sha256').update(material).digest('hex');
}
