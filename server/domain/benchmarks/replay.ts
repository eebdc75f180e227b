import { NotFoundError, ValidationError } from '../../errors.js';
import { findVersionsWithSlugs } from '../policies/repository.js';
import type { Scope } from '../scope.js';
import { decisions, finalVerdicts } from '../verdicts/service.js';
import type { BenchmarkDeps } from './deps.js';
import { enqueueRun, runConfig } from './service.js';

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 2_000;

/**
 * Queues a REPLAY run: the version (typically a DRAFT) over the policy's recent real decisions in
 * a time window, the standing verdict (HUMAN over machine) as the expectation. The items are fixed
 * now; nothing is ever written to the decision history or the chain.
 */
export async function replayPolicyVersion(scope: Scope, deps: BenchmarkDeps, input: { readonly versionId: string; readonly from?: Date | null; readonly to?: Date | null; readonly limit?: number | null }) {
  const [version] = await findVersionsWithSlugs(scope.db, { tenantId: scope.tenantId, ids: [input.versionId] });
  if (!version) throw new NotFoundError('policy version', input.versionId);
  const limit = input.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ValidationError('invalid limit', [{ path: 'limit', line: null, message: `1 to ${MAX_LIMIT}` }]);
  const replay = await standingDecisions(scope, { slug: version.slug, from: input.from ?? null, to: input.to ?? null, limit });
  if (replay.length === 0) throw new ValidationError(`policy "${version.slug}" has no decided evaluations in that window`);
  const config = { ...runConfig({}, version.default_effort, deps.strategy, { [version.id]: version.slug }), replay,
    window: { from: input.from?.toISOString() ?? null, to: input.to?.toISOString() ?? null } };
  return enqueueRun(scope, deps, { kind: 'REPLAY', dataset_id: null, dataset_version: null, policy_version_ids: [version.id], config, total: replay.length });
}

/** The newest `limit` evaluations with a definite standing verdict on any version of the policy. */
async function standingDecisions(scope: Scope, args: { slug: string; from: Date | null; to: Date | null; limit: number }) {
  const found: { evaluationId: string; expected: Record<string, 0 | 1> }[] = [];
  const seen = new Set<string>();
  let after: string | null = null;
  do {
    const page = await decisions(scope, { policySlug: args.slug, from: args.from, to: args.to }, { first: 500, after });
    for (const { node } of page.edges) {
      if (seen.has(node.evaluation_id) || found.length >= args.limit) continue;
      seen.add(node.evaluation_id);
      const standing = (await finalVerdicts(scope, node.evaluation_id)).find((v) => v.policy_version_id === node.policy_version_id);
      if (standing && standing.label !== 'UNCERTAIN') found.push({ evaluationId: node.evaluation_id, expected: { [args.slug]: standing.label === 'VIOLATING' ? 1 : 0 } });
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after && found.length < args.limit);
  return found;
}
