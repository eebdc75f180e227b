import { decodeCursor, type Page, type PageArgs, pageSize, toPage } from '../../db/keyset.js';
import type { Scope } from '../scope.js';
import { countReviewItemRows, findReviewItemRow, listReviewItemRows, type ReviewItemRow } from './repository.js';

export type { ReviewItemRow };

/** The review queue of the caller's tenant, oldest first. */
export async function listReviewItems(scope: Scope, args: PageArgs & { readonly status?: ReviewItemRow['status'] | null }): Promise<Page<ReviewItemRow>> {
  const limit = pageSize(args);
  const filter = { tenantId: scope.tenantId, status: args.status ?? null };
  const rows = await listReviewItemRows(scope.db, { ...filter, after: decodeCursor(args.after, 'timestamp'), limit: limit + 1 });
  return toPage(rows, limit, args.after, (row) => ({ key: new Date(row.created_at).toISOString(), id: row.id }), () => countReviewItemRows(scope.db, filter));
}

/** One review item of the caller's tenant. */
export const getReviewItem = (scope: Scope, id: string): Promise<ReviewItemRow | undefined> => findReviewItemRow(scope.db, { tenantId: scope.tenantId, id });
