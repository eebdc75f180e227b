import type { EvaluationRow } from '../server/db/schema.js';
import { scopeOf } from '../server/context.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { cancelEvaluation, submitEvaluation } from '../server/engine/lifecycle/index.js';
import { findVersionsByIds } from '../server/domain/policies/repository.js';
import { provisionalAction } from '../server/domain/reviews/provisional.js';
import { evaluationVerdicts, finalVerdicts } from '../server/domain/verdicts/service.js';
import { builder } from './builder.js';
import { EvaluationStatusEnum, ReasoningEffortEnum } from './enums.js';
import { AlreadyExistsError, InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { rowId } from './ids.js';
import { EvaluationRef, PolicyVersionRef, VerdictRef } from './refs.js';

builder.node(EvaluationRef, {
  description: 'One content item evaluated against one or more policy versions.',
  id: { resolve: (e) => e.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'policy_version_ids' in value && 'submitted_by' in value,
  loadOne: (id, context) => (context.scope ? getEvaluation(context.scope, id) : null),
  authScopes: { authenticated: true },
  fields: (t) => ({
    status: t.field({ type: EvaluationStatusEnum, resolve: (e) => e.status }),
    content: t.exposeString('content'),
    contentSha256: t.exposeString('content_sha256'),
    effort: t.field({ type: ReasoningEffortEnum, nullable: true, resolve: (e) => e.effort as 'LOW' | 'MEDIUM' | 'HIGH' | null }),
    effortReason: t.exposeString('effort_reason', { nullable: true, description: 'Why this effort: "requested", or the AUTO rule that chose it.' }),
    idempotencyKey: t.exposeString('idempotency_key', { nullable: true }),
    metadata: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.metadata }),
    policyVersions: t.field({
      type: [PolicyVersionRef],
      resolve: async (e, _, c) => {
        const rows = await findVersionsByIds(scopeOf(c).db, { tenantId: scopeOf(c).tenantId, ids: e.policy_version_ids });
        return e.policy_version_ids.map((id) => rows.find((r) => r.id === id)!);
      },
    }),
    verdicts: t.field({ type: [VerdictRef], description: 'Every verdict, in the order they were reached.', resolve: (e, _, c) => evaluationVerdicts(scopeOf(c), e.id) }),
    finalVerdicts: t.field({ type: [VerdictRef], description: 'The standing verdict per policy version (latest stage).', resolve: (e, _, c) => finalVerdicts(scopeOf(c), e.id) }),
    provisionalAction: t.string({
      nullable: false, description: '"allow" when triage cleared every policy, otherwise "hold" (hide the content pending the decision).',
      resolve: async (e, _, c) => provisionalAction(e.policy_version_ids, await evaluationVerdicts(scopeOf(c), e.id)),
    }),
    escalationReasons: t.stringList({ resolve: (e) => e.escalation_reasons as unknown as string[] }),
    error: t.exposeString('error', { nullable: true }),
    submittedBy: t.exposeString('submitted_by'),
    createdAt: t.field({ type: 'DateTime', resolve: (e) => e.created_at }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.finished_at }),
  }),
});

builder.queryField('evaluation', (t) =>
  t.field({ type: EvaluationRef, nullable: true, authScopes: { read: true }, description: 'An evaluation by id; null when the tenant has none with it.',
    args: { id: t.arg.id({ required: true, description: 'The Evaluation global id.' }) },
    resolve: async (_, { id }, c) => (await getEvaluation(scopeOf(c), rowId(String(id), 'Evaluation'))) ?? null }),
);

const EvaluateInput = builder.inputType('EvaluateInput', {
  description: 'Content to evaluate and the policies to evaluate it against.',
  fields: (t) => ({
    content: t.string({ required: true, description: 'The content (user message) to judge.' }),
    policies: t.stringList({ required: true, description: '"spam" = its published version, "spam@3" = version 3.' }),
    effort: t.field({ type: ReasoningEffortEnum, description: 'Omit for AUTO.' }),
    wait: t.boolean({ description: 'Return once DECIDED, ESCALATED or FAILED (bounded by the server\'s maximum wait).' }),
    idempotencyKey: t.string({ description: 'The same key returns the same evaluation instead of a new one.' }),
    metadata: t.field({ type: 'JSON', description: 'Opaque caller data kept with the evaluation.' }),
  }),
});

const EvaluationSuccess = (name: string) =>
  builder.objectRef<{ evaluation: EvaluationRow }>(name).implement({ description: 'The evaluation the mutation wrote.', fields: (t) => ({ evaluation: t.field({ type: EvaluationRef, resolve: (r) => r.evaluation }) }) });

builder.mutationFields((t) => ({
  evaluate: t.field({
    type: EvaluationSuccess('EvaluateSuccess'),
    authScopes: { evaluate: true },
    errors: { types: [ValidationError, NotFoundError, AlreadyExistsError], directResult: true, union: { name: 'EvaluatePayload', description: 'The evaluation, or why it was refused.' } },
    description: 'Submits content for evaluation; with `wait` returns once it is decided (bounded).',
    args: { input: t.arg({ type: EvaluateInput, required: true, description: 'What to evaluate.' }) },
    resolve: async (_, { input }, c) => ({ evaluation: await submitEvaluation(scopeOf(c), c.services.evaluations, input) }),
  }),
  cancelEvaluation: t.field({
    type: EvaluationSuccess('CancelEvaluationSuccess'),
    authScopes: { evaluate: true },
    errors: { types: [ValidationError, NotFoundError, InvalidStateError], directResult: true, union: { name: 'CancelEvaluationPayload', description: 'The cancelled evaluation, or why it could not be.' } },
    description: 'Cancels an evaluation that has not finished.',
    args: { id: t.arg.id({ required: true, description: 'The Evaluation global id.' }) },
    resolve: async (_, { id }, c) => ({ evaluation: await cancelEvaluation(scopeOf(c), c.services.evaluations, rowId(String(id), 'Evaluation')) }),
  }),
}));
