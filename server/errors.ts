/**
 * Expected failures of the domain. Each has a stable `code` and becomes a typed member of the
 * mutation's payload union (DESIGN §7); anything else thrown is masked by the server.
 */
export class DomainError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, key: string) {
    super('NOT_FOUND', `${what} "${key}" was not found`);
  }
}

/** One thing wrong with the input, and where. */
export interface Problem {
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

export class ValidationError extends DomainError {
  constructor(message: string, readonly problems: readonly Problem[] = []) {
    super('VALIDATION_FAILED', problems.length > 0 ? `${message}: ${problems.map(describe).join('; ')}` : message);
  }
}

function describe(problem: Problem): string {
  return `${problem.path}${problem.line === null ? '' : ` (line ${problem.line})`}: ${problem.message}`;
}

export class AlreadyExistsError extends DomainError {
  constructor(what: string, key: string) {
    super('ALREADY_EXISTS', `${what} "${key}" already exists`);
  }
}

export class VersionNotDraftError extends DomainError {
  constructor(id: string, status: string) {
    super('VERSION_NOT_DRAFT', `policy version ${id} is ${status}; only a DRAFT version can be changed or published`);
  }
}

export class InvalidStateError extends DomainError {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}
