import type { EvaluationRow } from '../../db/schema.js';
import { batchLoader, perTenant } from '../../db/batch.js';
import type { Scope } from '../scope.js';
import { findEvaluationsByIds } from './repository.js';

// Batched so that a page of verdicts or review items resolving their evaluations is one query.
const evaluationLoader = perTenant((db: Scope['db'], tenantId: string) =>
  batchLoader(async (ids: readonly string[]) => new Map((await findEvaluationsByIds(db, { tenantId, ids })).map((row) => [row.id, row]))));

export const getEvaluation = (scope: Scope, id: string): Promise<EvaluationRow | undefined> => evaluationLoader(scope.db, scope.tenantId)(id);
