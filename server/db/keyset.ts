import { ValidationError } from '../errors.js';

/** A position in a keyset-ordered list: the sort key of the last row seen and its id. */
export interface KeysetPosition {
  readonly key: string | number;
  readonly id: string;
}

/** What a list's sort key is, so a cursor of the wrong shape is refused before it reaches SQL. */
export type CursorKey = 'timestamp' | 'integer' | 'any';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CURSOR_LENGTH = 512;

/** Encodes a position as an opaque cursor. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor}. Anything else — not base64url JSON, a key of the
 * wrong kind (an invalid timestamp, a non-integer), an id that is not a UUID — is VALIDATION_FAILED,
 * never a database error.
 */
export function decodeCursor(cursor: string | null | undefined, key: CursorKey = 'any'): KeysetPosition | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const position = cursor.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]+$/.test(cursor) ? parse(cursor) : null;
  if (position && UUID.test(position.id) && keyFits(position.key, key)) return position;
  throw new ValidationError('the cursor is not one this list returned', [{ path: 'after', line: null, message: 'pass an endCursor or edge cursor unchanged' }]);
}

function parse(cursor: string): KeysetPosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && ['string', 'number'].includes(typeof value[0]) && typeof value[1] === 'string') {
      return { key: value[0] as string | number, id: value[1] };
    }
  } catch {
    // not JSON: the caller throws the typed error
  }
  return null;
}

function keyFits(value: string | number, key: CursorKey): boolean {
  if (key === 'integer') return typeof value === 'number' && Number.isSafeInteger(value);
  if (key === 'timestamp') return typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value));
  return typeof value === 'number' ? Number.isFinite(value) : value.length <= 256;
}

/** A page request: how many rows, after which position. */
export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

/** The page size to use: `first` bounded to [0, max], `fallback` when absent. */
export function pageSize(args: PageArgs, fallback = 20, max = 100): number {
  // Keyset pages go forward only; the schema declares no `last`/`before`, this guards other callers.
  if (args.last != null || args.before != null) throw new ValidationError('only forward pagination (first, after) is supported');
  const first = args.first ?? fallback;
  if (!Number.isInteger(first) || first < 0) {
    throw new ValidationError('"first" must be a non-negative integer', [{ path: 'first', line: null, message: `got ${first}` }]);
  }
  return Math.min(first, max);
}

/** A Relay connection page built from `limit + 1` rows fetched in keyset order. */
export interface Page<T> {
  readonly edges: readonly { readonly node: T; readonly cursor: string }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly hasPreviousPage: boolean; readonly startCursor: string | null; readonly endCursor: string | null };
  /** Rows in the whole list under the same filter; a function so the count runs only when asked for. */
  readonly totalCount?: () => Promise<number>;
}

/**
 * Turns `limit + 1` rows into a page; `positionOf` gives each row's keyset position, `count` (run
 * only when `totalCount` is selected) the size of the whole list.
 */
export function toPage<T>(rows: readonly T[], limit: number, after: string | null | undefined, positionOf: (row: T) => KeysetPosition, count?: () => Promise<number>): Page<T> {
  const edges = rows.slice(0, limit).map((node) => ({ node, cursor: encodeCursor(positionOf(node)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    ...(count ? { totalCount: count } : {}),
  };
}
