import { decodeCursor, type Page, type PageArgs, pageSize, toPage } from '../../db/keyset.js';
import type { VerdictRow } from '../../db/schema.js';
import { findVerdict } from '../verdicts/repository.js';
import type { Scope } from '../scope.js';
import { type AppealRow, type AppealStatus, countAppeals, findAppeal, listAppealRows } from './appeal-repository.js';
import { reclaimExpired } from './claims.js';
import type { ReviewDeps } from './deps.js';
import * as repo from './repository.js';
import type { ReviewItemRow, ReviewItemRowFilter } from './repository.js';

export type { AppealRow, ReviewItemRow };


/** The review queue of the caller's tenant in queue order: priority (highest first), then oldest. */
export async function listReviewItems(scope: Scope, deps: Pick<ReviewDeps, 'bus'>, filter: ReviewItemRowFilter, args: PageArgs): Promise<Page<ReviewItemRow>> {
  await reclaimExpired(scope, deps);
  const limit = pageSize(args);
  const base = { tenantId: scope.tenantId, filter, now: new Date() };
  const rows = await repo.listReviewItemRows(scope.db, { ...base, after: decodeCursor(args.after), limit: limit + 1 });
  return toPage(rows, limit, args.after, (row) => ({ key: `${row.priority}|${new Date(row.created_at).toISOString()}`, id: row.id }),
    () => repo.countReviewItems(scope.db, base));
}

export const getReviewItem = (scope: Scope, id: string) => repo.findReviewItem(scope.db, { tenantId: scope.tenantId, id });
export const evaluationReviewItem = (scope: Scope, evaluationId: string) => repo.findEvaluationReviewItem(scope.db, { tenantId: scope.tenantId, evaluationId });
export const appealReviewItem = (scope: Scope, appealId: string) => repo.findAppealReviewItem(scope.db, { tenantId: scope.tenantId, appealId });
export const getAppeal = (scope: Scope, id: string) => findAppeal(scope.db, { tenantId: scope.tenantId, id });

/** The HUMAN verdicts a decision of the item recorded, in the order given. */
export async function itemDecisions(scope: Scope, item: ReviewItemRow): Promise<VerdictRow[]> {
  const rows = await Promise.all(item.decision_ids.map((id) => findVerdict(scope.db, { tenantId: scope.tenantId, id })));
  return rows.filter((row): row is VerdictRow => row !== undefined);
}

/** Appeals of the caller's tenant, newest first. */
export async function listAppeals(scope: Scope, args: PageArgs & { readonly status?: AppealStatus | null }): Promise<Page<AppealRow>> {
  const limit = pageSize(args);
  const status = args.status ?? null;
  const rows = await listAppealRows(scope.db, { tenantId: scope.tenantId, status, after: decodeCursor(args.after), limit: limit + 1 });
  return toPage(rows, limit, args.after, (row) => ({ key: new Date(row.created_at).toISOString(), id: row.id }),
    () => countAppeals(scope.db, { tenantId: scope.tenantId, status }));
}
