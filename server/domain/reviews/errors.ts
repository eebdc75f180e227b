import { DomainError } from '../../errors.js';

/** Another reviewer holds the item (their lease has not run out). */
export class AlreadyClaimedError extends DomainError {
  constructor(id: string) {
    super('ALREADY_CLAIMED', `review item ${id} is claimed by another reviewer`);
  }
}

/** The caller does not hold a live claim on the item. */
export class NotClaimedError extends DomainError {
  constructor(id: string) {
    super('NOT_CLAIMED', `review item ${id} is not claimed by you (or your claim expired): claim it first`);
  }
}
