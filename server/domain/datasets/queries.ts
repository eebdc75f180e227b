import { decodeCursor, type PageArgs, pageSize, toPage } from '../../db/keyset.js';
import type { Scope } from '../scope.js';
import * as repo from './repository.js';

export const getDataset = (scope: Scope, name: string) => repo.findDatasetByName(scope.db, { tenantId: scope.tenantId, name });
export const getDatasetById = (scope: Scope, id: string) => repo.findDatasetById(scope.db, { tenantId: scope.tenantId, id });
export const getDatasetItem = (scope: Scope, id: string) => repo.findDatasetItem(scope.db, { tenantId: scope.tenantId, id });
export const datasetItemCount = (scope: Scope, id: string) => repo.countItems(scope.db, { tenantId: scope.tenantId, datasetId: id });
export const datasetLabelKeys = (scope: Scope, id: string) => repo.labelKeys(scope.db, { tenantId: scope.tenantId, datasetId: id });

/** Datasets by name. */
export async function listDatasets(scope: Scope, args: PageArgs) {
  const limit = pageSize(args);
  const rows = await repo.pageDatasets(scope.db, { tenantId: scope.tenantId, after: decodeCursor(args.after), limit: limit + 1 });
  return { ...toPage(rows, limit, args.after, (row) => ({ key: row.name, id: row.id })), totalCount: () => repo.countDatasets(scope.db, scope.tenantId) };
}

/** A dataset's items in the order they were added. */
export async function listItems(scope: Scope, datasetId: string, args: PageArgs) {
  const limit = pageSize(args, 50, 500);
  const rows = await repo.pageDatasetItems(scope.db, { tenantId: scope.tenantId, datasetId, after: decodeCursor(args.after), limit: limit + 1 });
  return { ...toPage(rows, limit, args.after, (row) => ({ key: Number(row.ordinal), id: row.id })), totalCount: () => datasetItemCount(scope, datasetId) };
}
