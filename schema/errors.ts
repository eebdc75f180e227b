import { AlreadyExistsError, DomainError, InvalidStateError, NotFoundError, type Problem, ValidationError, VersionNotDraftError } from '../server/errors.js';
import { builder } from './builder.js';

/**
 * Every stable code an `Error` (a typed payload member) or a GraphQL error's `extensions.code` carries.
 * A new DomainError code must be added here (test/schema/error-codes.test.ts checks server/ for them).
 */
export const ERROR_CODES = {
  NOT_FOUND: 'The named object does not exist in the tenant (or is not visible to the caller).',
  VALIDATION_FAILED: 'The input is malformed: a bad id, cursor, argument or document; `problems` says where.',
  ALREADY_EXISTS: 'An object with that key already exists (a slug, an idempotency key, an appeal).',
  VERSION_NOT_DRAFT: 'Only a DRAFT policy version can be changed or published.',
  INVALID_STATE: 'The object is not in a state that allows this (a finished evaluation, a retired version).',
  ALREADY_CLAIMED: 'Another reviewer holds the claim on this review item.',
  NOT_CLAIMED: 'The review item is not claimed by the caller.',
  GATE_FAILED: 'A publish gate (a benchmark threshold) refused the version.',
  UNAUTHENTICATED: 'No token, or a token that is invalid or expired.',
  FORBIDDEN: 'The token is valid but its roles do not allow this.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'The stable machine-readable reason of an expected failure; match on it, not on `message`.',
  values: Object.fromEntries(Object.entries(ERROR_CODES).map(([code, description]) => [code, { description }])) as Record<ErrorCode, { description: string }>,
});

/** `interface Error { message code }`: every expected failure in a payload union implements it. */
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure, returned as a member of a payload union rather than thrown.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people; may change between releases.' }),
    code: t.field({ type: ErrorCodeEnum, description: 'What went wrong, for programs; stable.', resolve: (error) => error.code as ErrorCode }),
  }),
});

const ProblemRef = builder.objectRef<Problem>('Problem').implement({
  description: 'One thing wrong with the input: where (a path such as "rules[1].id", and a line when known) and what.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The input path, such as "rules[1].id" or "filter.version".' }),
    line: t.exposeInt('line', { nullable: true, description: 'The line in a policy document, when the problem has one.' }),
    message: t.exposeString('message', { description: 'What is wrong there.' }),
  }),
});

type ErrorClass = typeof NotFoundError | typeof AlreadyExistsError | typeof VersionNotDraftError | typeof InvalidStateError;

function errorType(cls: ErrorClass, name: string, description: string): void {
  builder.objectType(cls as typeof DomainError, { name, description, interfaces: [ErrorInterface], isTypeOf: (value) => value instanceof cls, fields: () => ({}) });
}

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'VALIDATION_FAILED: the input is malformed; `problems` lists each thing wrong.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({ problems: t.field({ type: [ProblemRef], description: 'Each thing wrong, in input order.', resolve: (error) => [...error.problems] }) }),
});
errorType(NotFoundError, 'NotFoundError', 'NOT_FOUND: the named object does not exist in the tenant.');
errorType(AlreadyExistsError, 'AlreadyExistsError', 'ALREADY_EXISTS: an object with that key already exists.');
errorType(VersionNotDraftError, 'VersionNotDraftError', 'VERSION_NOT_DRAFT: only a DRAFT version can be changed or published.');
errorType(InvalidStateError, 'InvalidStateError', 'INVALID_STATE: the object is not in a state that allows this.');

export { AlreadyExistsError, InvalidStateError, NotFoundError, ValidationError, VersionNotDraftError };
