import type { VerdictRow } from '../server/db/schema.js';
import { scopeOf } from '../server/context.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { getVersion } from '../server/domain/policies/queries.js';
import { decisions, getVerdict } from '../server/domain/verdicts/service.js';
import { builder } from './builder.js';
import { ConfidenceEnum, ReasoningEffortEnum, VerdictLabelEnum, VerdictStageEnum } from './enums.js';
import { FindingRef } from './finding.js';
import { rowId } from './ids.js';
import { EvaluationRef, pageArgs, PolicyVersionRef, VerdictConnection, VerdictRef } from './refs.js';

builder.node(VerdictRef, {
  description: 'One decision on one policy version at one stage. Append-only and hash-chained per tenant.',
  id: { resolve: (v) => v.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'stage' in value && 'evaluator_identity' in value,
  loadOne: (id, context) => (context.scope ? getVerdict(context.scope, id) : null),
  authScopes: { authenticated: true },
  fields: (t) => ({
    evaluation: t.field({ type: EvaluationRef, resolve: async (v, _, c) => (await getEvaluation(scopeOf(c), v.evaluation_id))! }),
    policyVersion: t.field({ type: PolicyVersionRef, resolve: async (v, _, c) => (await getVersion(scopeOf(c), v.policy_version_id))! }),
    stage: t.field({ type: VerdictStageEnum, resolve: (v) => v.stage }),
    label: t.field({ type: VerdictLabelEnum, resolve: (v) => v.label }),
    policyCategory: t.exposeString('policy_category', { nullable: true }),
    ruleIds: t.exposeStringList('rule_ids'),
    confidence: t.field({ type: ConfidenceEnum, nullable: true, resolve: (v) => v.confidence as 'LOW' | 'MEDIUM' | 'HIGH' | null }),
    severity: t.exposeInt('severity', { nullable: true, description: "From the policy's rule, never from the model." }),
    recommendedAction: t.exposeString('recommended_action', { nullable: true }),
    rationale: t.exposeString('rationale', { nullable: true }),
    reasoning: t.exposeString('reasoning', {
      nullable: true,
      description: 'The chain of thought. Null for roles not allowed to see it (only reviewer, auditor and admin are).',
      authScopes: { readReasoning: true },
      unauthorizedResolver: () => null,
    }),
    reasoningSha256: t.exposeString('reasoning_sha256', { nullable: true }),
    effort: t.field({ type: ReasoningEffortEnum, nullable: true, resolve: (v) => v.effort as 'LOW' | 'MEDIUM' | 'HIGH' | null }),
    usage: t.field({ type: 'JSON', nullable: true, description: 'Token usage as the runtime reported it.', resolve: (v) => v.usage }),
    latencyMs: t.exposeInt('latency_ms', { nullable: true }),
    triageScore: t.exposeFloat('triage_score', { nullable: true }),
    evaluator: t.exposeString('evaluator'),
    evaluatorIdentity: t.exposeString('evaluator_identity'),
    findings: t.field({ type: [FindingRef], resolve: (v) => v.findings as unknown as { code: string; message: string }[] }),
    reviewer: t.exposeString('reviewer', { nullable: true }),
    supersedes: t.field({ type: VerdictRef, nullable: true, resolve: async (v, _, c) => (v.supersedes_id ? ((await getVerdict(scopeOf(c), v.supersedes_id)) ?? null) : null) }),
    createdAt: t.field({ type: 'DateTime', resolve: (v) => v.created_at }),
    chainSeq: t.exposeInt('chain_seq'),
    prevHash: t.exposeString('prev_hash'),
    hash: t.exposeString('hash'),
  }),
});

export const DecisionFilter = builder.inputType('DecisionFilter', {
  description: 'Which verdicts to list; every field narrows the list, an empty filter lists all.',
  fields: (t) => ({
    policySlug: t.string({ description: 'Verdicts on any version of this policy.' }),
    version: t.int({ description: 'With policySlug: only this version number.' }),
    policyVersionId: t.id({ description: 'Only this PolicyVersion (global id).' }),
    ruleId: t.string({ description: 'Only verdicts citing this rule id, such as "SP2.a".' }),
    label: t.field({ type: VerdictLabelEnum, description: 'Only this label.' }),
    stage: t.field({ type: VerdictStageEnum, description: 'Only this stage.' }),
    from: t.field({ type: 'DateTime', description: 'Created at or after (inclusive).' }),
    to: t.field({ type: 'DateTime', description: 'Created before (exclusive).' }),
  }),
});

builder.queryField('decisions', (t) =>
  t.field({
    type: VerdictConnection,
    description: 'Decision history, newest first, keyset-paged (default 50, at most 500 a page).',
    authScopes: { audit: true },
    args: { filter: t.arg({ type: DecisionFilter, required: true, description: 'Which verdicts.' }), ...pageArgs(t.arg) },
    resolve: (_, args, c) => {
      const { filter } = args;
      const versionId = filter.policyVersionId ? rowId(String(filter.policyVersionId), 'PolicyVersion') : null;
      return decisions(scopeOf(c), { ...filter, policyVersionId: versionId }, args);
    },
  }),
);

export type { VerdictRow };
