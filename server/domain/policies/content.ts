import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import type { Finding } from '../../../sdk/index.js';
import { ValidationError } from '../../errors.js';
import { lintPolicyDocument, parsePolicyDocument, type PolicyDocument } from './document/index.js';

/** The columns of a policy version derived from its content. */
export interface VersionContent {
  readonly content: string;
  readonly content_sha256: string;
  readonly body: string;
  readonly rules: string;
  readonly triage: string;
  readonly review: string;
  readonly default_effort: 'LOW' | 'MEDIUM' | 'HIGH';
  readonly document: PolicyDocument;
}

const MAX_CONTENT_BYTES = 256 * 1024;

/** Parses and validates policy content; any problem is a VALIDATION_FAILED error saying where. */
export function versionContent(content: string, expectedSlug: string): VersionContent {
  if (Buffer.byteLength(content) > MAX_CONTENT_BYTES) throw new ValidationError(`policy content is larger than ${MAX_CONTENT_BYTES} bytes`);
  const parsed = parsePolicyDocument(content);
  if (!parsed.ok) throw new ValidationError('the policy document is invalid', parsed.problems);
  const { document } = parsed;
  if (document.slug !== expectedSlug) {
    throw new ValidationError('the policy document is invalid', [
      { path: 'slug', line: null, message: `front matter slug "${document.slug}" does not match the policy slug "${expectedSlug}"` },
    ]);
  }
  return {
    content,
    content_sha256: createHash('sha256').update(content, 'utf8').digest('hex'),
    body: document.body,
    rules: JSON.stringify(document.rules),
    triage: JSON.stringify(document.triage),
    review: JSON.stringify(document.review),
    default_effort: document.effort.toUpperCase() as VersionContent['default_effort'],
    document,
  };
}

/** Lint findings for stored content (which was valid when stored). */
export function lintContent(content: string): Finding[] {
  const parsed = parsePolicyDocument(content);
  return parsed.ok ? lintPolicyDocument(parsed.document) : parsed.problems.map((p) => ({ code: 'INVALID', message: `${p.path}: ${p.message}` }));
}

/** A unified diff from one version's content to another's. */
export function diffContent(from: { version: number; content: string }, to: { version: number; content: string }): string {
  return createTwoFilesPatch(`v${from.version}`, `v${to.version}`, from.content, to.content, undefined, undefined, { context: 3 });
}
