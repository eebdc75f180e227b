import type { VerdictRow } from '../../db/schema.js';
import { decodeCursor, type Page, type PageArgs, pageSize, toPage } from '../../db/keyset.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { Scope } from '../scope.js';
import { countDecisions, listDecisions, versionIdsFor } from './decisions.js';
import { findVerdict, listEvaluationVerdicts } from './repository.js';

/** DESIGN §7 `DecisionFilter`. */
export interface DecisionFilter {
  readonly policySlug?: string | null;
  readonly version?: number | null;
  readonly policyVersionId?: string | null;
  readonly ruleId?: string | null;
  readonly label?: VerdictRow['label'] | null;
  readonly stage?: VerdictRow['stage'] | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
}

const STAGE_ORDER = { TRIAGE: 0, REASONING: 1, HUMAN: 2 } as const;

export const getVerdict = (scope: Scope, id: string) => findVerdict(scope.db, { tenantId: scope.tenantId, id });
export const evaluationVerdicts = (scope: Scope, evaluationId: string) => listEvaluationVerdicts(scope.db, { tenantId: scope.tenantId, evaluationId });

/** The verdict that stands for each policy version: the latest stage (HUMAN over REASONING over TRIAGE). */
export async function finalVerdicts(scope: Scope, evaluationId: string): Promise<VerdictRow[]> {
  const standing = new Map<string, VerdictRow>();
  for (const verdict of await evaluationVerdicts(scope, evaluationId)) {
    const current = standing.get(verdict.policy_version_id);
    if (!current || STAGE_ORDER[verdict.stage] >= STAGE_ORDER[current.stage]) standing.set(verdict.policy_version_id, verdict);
  }
  return [...standing.values()];
}

/** The decision history an auditor pages through, newest first. */
export async function decisions(scope: Scope, filter: DecisionFilter, args: PageArgs): Promise<Page<VerdictRow>> {
  if (filter.version != null && !filter.policySlug) throw new ValidationError('"version" needs "policySlug"', [{ path: 'filter.version', line: null, message: 'give policySlug too' }]);
  const limit = pageSize(args, 50, 500);
  const ids = await versionScope(scope, filter);
  const query = { ...filter, tenantId: scope.tenantId, policyVersionIds: ids };
  const rows = await listDecisions(scope.db, { ...query, after: decodeCursor(args.after, 'timestamp'), limit: limit + 1 });
  return toPage(rows, limit, args.after, (row) => ({ key: new Date(row.created_at).toISOString(), id: row.id }), () => countDecisions(scope.db, query));
}

async function versionScope(scope: Scope, filter: DecisionFilter): Promise<string[] | null> {
  const bySlug = filter.policySlug ? await versionIdsFor(scope.db, { tenantId: scope.tenantId, slug: filter.policySlug, version: filter.version }) : null;
  if (!filter.policyVersionId) return bySlug;
  return bySlug ? bySlug.filter((id) => id === filter.policyVersionId) : [filter.policyVersionId];
}

/**
 * NOT_FOUND unless the filter's policy (and version) exist in the tenant: an export names what
 * it exports, so an unknown one is an error there rather than an empty file.
 */
export async function requireDecisionTarget(scope: Scope, filter: Pick<DecisionFilter, 'policySlug' | 'version'>): Promise<void> {
  if (!filter.policySlug) return;
  const ids = await versionIdsFor(scope.db, { tenantId: scope.tenantId, slug: filter.policySlug, version: filter.version });
  if (ids.length > 0) return;
  if (filter.version == null) throw new NotFoundError('policy', filter.policySlug);
  throw new NotFoundError('policy version', `${filter.policySlug}@${filter.version}`);
}
