import { decodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from '../server/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The row id behind an `ID` argument of type `typename`: a global ID (`node(id)` style) or the
 * raw UUID. Anything else is VALIDATION_FAILED rather than a database error.
 */
export function rowId(id: string, typename: string): string {
  if (UUID.test(id)) return id.toLowerCase();
  try {
    const decoded = decodeGlobalID(id);
    if (decoded.typename === typename && UUID.test(decoded.id)) return decoded.id.toLowerCase();
  } catch {
    // fall through to the typed error
  }
  throw new ValidationError(`"${id}" is not a ${typename} id`, [{ path: 'id', line: null, message: `expected a ${typename} id` }]);
}
