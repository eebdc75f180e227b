import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, DatasetItemsTable, DatasetsTable } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type DatasetRow = Selectable<DatasetsTable>;
export type DatasetItemRow = Selectable<DatasetItemsTable>;

/** One item to store, with where its labels came from. */
export interface NewDatasetItem {
  readonly content: string;
  readonly labels: Readonly<Record<string, number>>;
  readonly provenance: Readonly<Record<string, unknown>>;
}

const BATCH = 500;

export function insertDataset(db: Db, row: { tenantId: string; name: string; description: string | null }): Promise<DatasetRow> {
  return db.insertInto('datasets').values({ id: randomUUID(), tenant_id: row.tenantId, name: row.name, description: row.description })
    .returningAll().executeTakeFirstOrThrow();
}

export function findDatasetByName(db: Db, args: { tenantId: string; name: string }): Promise<DatasetRow | undefined> {
  return db.selectFrom('datasets').selectAll().where('tenant_id', '=', args.tenantId).where('name', '=', args.name).executeTakeFirst();
}

/** Appends items in batches (one statement per 500 items). */
export async function insertDatasetItems(db: Db, args: { tenantId: string; datasetId: string; items: readonly NewDatasetItem[] }): Promise<void> {
  for (let i = 0; i < args.items.length; i += BATCH) {
    await db.insertInto('dataset_items').values(args.items.slice(i, i + BATCH).map((item) => ({
      id: randomUUID(), tenant_id: args.tenantId, dataset_id: args.datasetId, content: item.content,
      labels: JSON.stringify(item.labels), provenance: JSON.stringify(item.provenance),
    }))).execute();
  }
}

export function listDatasetItems(db: Db, args: { tenantId: string; datasetId: string }): Promise<DatasetItemRow[]> {
  return db.selectFrom('dataset_items').selectAll().where('tenant_id', '=', args.tenantId).where('dataset_id', '=', args.datasetId).orderBy('id').execute();
}
