import type { DatasetItemSource } from '../../db/schema.js';
import { AlreadyExistsError, NotFoundError } from '../../errors.js';
import { isUniqueViolation, type Scope } from '../scope.js';
import * as repo from './repository.js';
import { checkDatasetName, checkItems } from './validate.js';

type DatasetRow = repo.DatasetRow;

/** Creates an empty dataset (version 0) under a name unique in the tenant. */
export async function createDataset(scope: Scope, input: { readonly name: string; readonly description?: string | null }): Promise<DatasetRow> {
  checkDatasetName(input.name);
  try {
    return await repo.insertDataset(scope.db, { tenantId: scope.tenantId, name: input.name, description: input.description ?? null });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError('dataset', input.name);
    throw error;
  }
}

export async function requireDataset(scope: Scope, name: string): Promise<DatasetRow> {
  const dataset = await repo.findDatasetByName(scope.db, { tenantId: scope.tenantId, name });
  if (!dataset) throw new NotFoundError('dataset', name);
  return dataset;
}

/** An item to add: content, labels and provenance; `source` is the caller's channel (API, IMPORT, DECISION…). */
export interface DatasetItemInput {
  readonly content: string;
  readonly labels: unknown;
  readonly provenance?: Readonly<Record<string, unknown>>;
  readonly source?: DatasetItemSource;
  readonly evaluationId?: string | null;
}

/**
 * Appends validated items to a dataset in one transaction and bumps its version: the items are
 * `addedInVersion` the new version, so a run over an older version sees exactly what it saw then.
 */
export async function addDatasetItems(scope: Scope, input: { readonly dataset: string; readonly items: readonly DatasetItemInput[]; readonly source?: DatasetItemSource; readonly bulk?: boolean }): Promise<{ dataset: DatasetRow; added: number }> {
  checkItems(input.items, { bulk: input.bulk ?? false });
  const dataset = await requireDataset(scope, input.dataset);
  return scope.db.transaction().execute(async (trx) => {
    const bumped = await repo.bumpVersion(trx, { tenantId: scope.tenantId, id: dataset.id });
    const items = input.items.map((item) => {
      const source = item.source ?? input.source ?? 'API';
      return { content: item.content, labels: item.labels as Record<string, number>, source, evaluationId: item.evaluationId ?? null,
        provenance: { source, actor: scope.actor, ...item.provenance } };
    });
    await repo.insertDatasetItems(trx, { tenantId: scope.tenantId, datasetId: dataset.id, version: bumped.version, items });
    return { dataset: bumped, added: items.length };
  });
}

/** Stores a labelled dataset under a new name in one transaction (the CLI's `dataset import`). */
export async function importDataset(scope: Scope, args: { readonly name: string; readonly description?: string | null; readonly items: readonly repo.NewDatasetItem[] }): Promise<{ dataset: DatasetRow; count: number }> {
  checkDatasetName(args.name);
  checkItems(args.items, { bulk: true });
  try {
    return await scope.db.transaction().execute(async (trx) => {
      const created = await repo.insertDataset(trx, { tenantId: scope.tenantId, name: args.name, description: args.description ?? null });
      const dataset = await repo.bumpVersion(trx, { tenantId: scope.tenantId, id: created.id });
      await repo.insertDatasetItems(trx, { tenantId: scope.tenantId, datasetId: dataset.id, version: dataset.version, items: args.items.map((i) => ({ ...i, source: 'IMPORT' as const })) });
      return { dataset, count: args.items.length };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError('dataset', args.name);
    throw error;
  }
}
