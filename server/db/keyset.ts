import { ValidationError } from '../errors.js';

/** A position in a keyset-ordered list: the sort key of the last row seen and its id. */
export interface KeysetPosition {
  readonly key: string | number;
  readonly id: string;
}

/** Encodes a position as an opaque cursor. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; a malformed one is a VALIDATION_FAILED error. */
export function decodeCursor(cursor: string | null | undefined): KeysetPosition | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && ['string', 'number'].includes(typeof value[0]) && typeof value[1] === 'string') {
      return { key: value[0] as string | number, id: value[1] };
    }
  } catch {
    // fall through to the typed error
  }
  throw new ValidationError(`"${cursor}" is not a valid cursor`);
}

/** A page request: how many rows, after which position. */
export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

/** The page size to use: `first` bounded to [1, max], `fallback` when absent. */
export function pageSize(args: PageArgs, fallback = 20, max = 100): number {
  // Keyset pages go forward only; say so rather than silently ignore backward arguments.
  if (args.last != null || args.before != null) throw new ValidationError('only forward pagination (first, after) is supported');
  const first = args.first ?? fallback;
  if (!Number.isInteger(first) || first < 0) throw new ValidationError('"first" must be a non-negative integer');
  return Math.min(first, max);
}

/** A Relay connection page built from `limit + 1` rows fetched in keyset order. */
export interface Page<T> {
  readonly edges: readonly { readonly node: T; readonly cursor: string }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly hasPreviousPage: boolean; readonly startCursor: string | null; readonly endCursor: string | null };
}

/** Turns `limit + 1` rows into a page; `positionOf` gives each row's keyset position. */
export function toPage<T>(rows: readonly T[], limit: number, after: string | null | undefined, positionOf: (row: T) => KeysetPosition): Page<T> {
  const edges = rows.slice(0, limit).map((node) => ({ node, cursor: encodeCursor(positionOf(node)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
