import type { EvaluationRow } from '../../db/schema.js';
import type { Scope } from '../scope.js';
import { findEvaluation } from './repository.js';

export const getEvaluation = (scope: Scope, id: string): Promise<EvaluationRow | undefined> => findEvaluation(scope.db, { tenantId: scope.tenantId, id });
