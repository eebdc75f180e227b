import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { KeysetPosition } from '../../db/keyset.js';
import type { Database, DatasetItemSource, DatasetItemsTable, DatasetsTable } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type DatasetRow = Selectable<DatasetsTable>;
export type DatasetItemRow = Selectable<DatasetItemsTable>;

/** One item to store, with where its labels came from. */
export interface NewDatasetItem {
  readonly content: string;
  readonly labels: Readonly<Record<string, number>>;
  readonly provenance: Readonly<Record<string, unknown>>;
  /** IMPORT unless said otherwise. */
  readonly source?: DatasetItemSource;
  readonly evaluationId?: string | null;
}

const BATCH = 500;

export function insertDataset(db: Db, row: { tenantId: string; name: string; description: string | null }): Promise<DatasetRow> {
  return db.insertInto('datasets').values({ id: randomUUID(), tenant_id: row.tenantId, name: row.name, description: row.description })
    .returningAll().executeTakeFirstOrThrow();
}

export function findDatasetByName(db: Db, args: { tenantId: string; name: string }): Promise<DatasetRow | undefined> {
  return db.selectFrom('datasets').selectAll().where('tenant_id', '=', args.tenantId).where('name', '=', args.name).executeTakeFirst();
}

export function findDatasetById(db: Db, args: { tenantId: string; id: string }): Promise<DatasetRow | undefined> {
  return db.selectFrom('datasets').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).executeTakeFirst();
}

/** Locks the dataset row and moves it to its next version (the version the caller's items are added in). */
export function bumpVersion(trx: Transaction<Database>, args: { tenantId: string; id: string }): Promise<DatasetRow> {
  return trx.updateTable('datasets').set({ version: sql`version + 1` }).where('tenant_id', '=', args.tenantId).where('id', '=', args.id)
    .returningAll().executeTakeFirstOrThrow();
}

/** Appends items in batches (one statement per 500 items). */
export async function insertDatasetItems(db: Db, args: { tenantId: string; datasetId: string; version?: number; items: readonly NewDatasetItem[] }): Promise<void> {
  for (let i = 0; i < args.items.length; i += BATCH) {
    await db.insertInto('dataset_items').values(args.items.slice(i, i + BATCH).map((item) => ({
      id: randomUUID(), tenant_id: args.tenantId, dataset_id: args.datasetId, content: item.content,
      labels: JSON.stringify(item.labels), provenance: JSON.stringify(item.provenance),
      source: item.source ?? 'IMPORT', added_in_version: args.version ?? 1, evaluation_id: item.evaluationId ?? null,
    }))).execute();
  }
}

/** Every item of a dataset up to a version (all when absent), in the order they were added. */
export function listDatasetItems(db: Db, args: { tenantId: string; datasetId: string; upToVersion?: number }): Promise<DatasetItemRow[]> {
  let query = db.selectFrom('dataset_items').selectAll().where('tenant_id', '=', args.tenantId).where('dataset_id', '=', args.datasetId);
  if (args.upToVersion !== undefined) query = query.where('added_in_version', '<=', args.upToVersion);
  return query.orderBy('ordinal').execute();
}

export function pageDatasetItems(db: Db, args: { tenantId: string; datasetId: string; after: KeysetPosition | null; limit: number }): Promise<DatasetItemRow[]> {
  let query = db.selectFrom('dataset_items').selectAll().where('tenant_id', '=', args.tenantId).where('dataset_id', '=', args.datasetId);
  if (args.after) query = query.where('ordinal', '>', Number(args.after.key));
  return query.orderBy('ordinal').limit(args.limit).execute();
}

export function pageDatasets(db: Db, args: { tenantId: string; after: KeysetPosition | null; limit: number }): Promise<DatasetRow[]> {
  let query = db.selectFrom('datasets').selectAll().where('tenant_id', '=', args.tenantId);
  if (args.after) query = query.where('name', '>', String(args.after.key));
  return query.orderBy('name').limit(args.limit).execute();
}

export async function countItems(db: Db, args: { tenantId: string; datasetId: string }): Promise<number> {
  const row = await db.selectFrom('dataset_items').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', args.tenantId).where('dataset_id', '=', args.datasetId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countDatasets(db: Db, tenantId: string): Promise<number> {
  const row = await db.selectFrom('datasets').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The label keys used by any item of the dataset, sorted. */
export async function labelKeys(db: Db, args: { tenantId: string; datasetId: string }): Promise<string[]> {
  const rows = await db.selectFrom('dataset_items').select(sql<string>`jsonb_object_keys(labels)`.as('key')).distinct()
    .where('tenant_id', '=', args.tenantId).where('dataset_id', '=', args.datasetId).execute();
  return rows.map((r) => r.key).sort();
}

export function findDatasetItem(db: Db, args: { tenantId: string; id: string }): Promise<DatasetItemRow | undefined> {
  return db.selectFrom('dataset_items').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).executeTakeFirst();
}
