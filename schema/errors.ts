import { AlreadyExistsError, DomainError, InvalidStateError, NotFoundError, type Problem, ValidationError, VersionNotDraftError } from '../server/errors.js';
import { builder } from './builder.js';

/** `interface Error { message code }`: every expected failure in a payload union implements it. */
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message'), code: t.exposeString('code') }),
});

const ProblemRef = builder.objectRef<Problem>('Problem').implement({
  description: 'One thing wrong with the input: where (a path such as "rules[1].id", and a line when known) and what.',
  fields: (t) => ({ path: t.exposeString('path'), line: t.exposeInt('line', { nullable: true }), message: t.exposeString('message') }),
});

function errorType(cls: typeof NotFoundError | typeof AlreadyExistsError | typeof VersionNotDraftError | typeof InvalidStateError, name: string): void {
  builder.objectType(cls as typeof DomainError, { name, interfaces: [ErrorInterface], isTypeOf: (value) => value instanceof cls, fields: () => ({}) });
}

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({ problems: t.field({ type: [ProblemRef], resolve: (error) => [...error.problems] }) }),
});
errorType(NotFoundError, 'NotFoundError');
errorType(AlreadyExistsError, 'AlreadyExistsError');
errorType(VersionNotDraftError, 'VersionNotDraftError');
errorType(InvalidStateError, 'InvalidStateError');

export { AlreadyExistsError, InvalidStateError, NotFoundError, ValidationError, VersionNotDraftError };
