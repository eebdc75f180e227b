import { AlreadyExistsError, ValidationError } from '../../errors.js';
import { isUniqueViolation, type Scope } from '../scope.js';
import { type DatasetRow, insertDataset, insertDatasetItems, type NewDatasetItem } from './repository.js';

/** Stores a labelled dataset under a name unique in the tenant, in one transaction. */
export async function importDataset(scope: Scope, args: { readonly name: string; readonly description?: string | null; readonly items: readonly NewDatasetItem[] }): Promise<{ dataset: DatasetRow; count: number }> {
  if (!/^[\w.-]{1,100}$/.test(args.name)) throw new ValidationError('invalid dataset name', [{ path: 'name', line: null, message: 'letters, digits, ".", "_" and "-", up to 100' }]);
  if (args.items.length === 0) throw new ValidationError('the dataset has no items');
  try {
    return await scope.db.transaction().execute(async (trx) => {
      const dataset = await insertDataset(trx, { tenantId: scope.tenantId, name: args.name, description: args.description ?? null });
      await insertDatasetItems(trx, { tenantId: scope.tenantId, datasetId: dataset.id, items: args.items });
      return { dataset, count: args.items.length };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError('dataset', args.name);
    throw error;
  }
}

