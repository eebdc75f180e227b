import { scopeOf } from '../server/context.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { submitAppeal } from '../server/domain/reviews/appeals.js';
import { appealReviewItem, getAppeal, listAppeals, type AppealRow } from '../server/domain/reviews/queries.js';
import { builder } from './builder.js';
import { AlreadyExistsError, InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { rowId } from './ids.js';
import { EvaluationRef, connectionNames, pageArgs } from './refs.js';
import { AppealRef, ReviewItemRef } from './review-refs.js';

const AppealStatusEnum = builder.enumType('AppealStatus', { values: ['OPEN', 'REASONING', 'IN_REVIEW', 'DECIDED'] as const });
const AppealOutcomeEnum = builder.enumType('AppealOutcome', { values: ['UPHELD', 'OVERTURNED'] as const });

builder.node(AppealRef, {
  description: 'A request to look again at a finished evaluation: re-reasoned at HIGH effort, then decided by a person.',
  id: { resolve: (a) => a.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'statement_of_reasons' in value,
  loadOne: (id, context) => (context.scope ? getAppeal(context.scope, id) : null),
  authScopes: { $any: { readReviews: true, review: true, appeal: true } },
  fields: (t) => ({
    evaluation: t.field({ type: EvaluationRef, nullable: false, resolve: async (a, _, c) => (await getEvaluation(scopeOf(c), a.evaluation_id))! }),
    status: t.field({ type: AppealStatusEnum, nullable: false, resolve: (a) => a.status }),
    reason: t.exposeString('reason', { nullable: false }),
    appellant: t.exposeString('appellant', { nullable: true }),
    submittedBy: t.exposeString('created_by', { nullable: false }),
    outcome: t.field({ type: AppealOutcomeEnum, nullable: true, resolve: (a) => a.outcome }),
    statementOfReasons: t.exposeString('statement_of_reasons', {
      nullable: true, description: "Built from the decision's cited rule ids and the policy version's own text (no model is asked).",
    }),
    reviewItem: t.field({
      type: ReviewItemRef, nullable: true, authScopes: { $any: { readReviews: true, review: true } }, unauthorizedResolver: () => null,
      resolve: async (a, _, c) => (await appealReviewItem(scopeOf(c), a.id)) ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', nullable: false, resolve: (a) => a.created_at }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.resolved_at }),
  }),
});

const AppealConnection = builder.connectionObject({ type: AppealRef, ...connectionNames('Appeal')[0] }, connectionNames('Appeal')[1]);

builder.queryField('appeals', (t) =>
  t.field({
    type: AppealConnection, nullable: false, description: 'Appeals, newest first.',
    authScopes: { $any: { readReviews: true, review: true, appeal: true } },
    args: { status: t.arg({ type: AppealStatusEnum, description: 'Only appeals in this status.' }), ...pageArgs(t.arg) },
    resolve: (_, args, c) => listAppeals(scopeOf(c), args) as never,
  }),
);

const SubmitAppealInput = builder.inputType('SubmitAppealInput', {
  fields: (t) => ({ evaluationId: t.id({ required: true }), reason: t.string({ required: true }), appellant: t.string() }),
});
const SubmitAppealSuccess = builder.objectRef<{ appeal: AppealRow }>('SubmitAppealSuccess').implement({
  fields: (t) => ({ appeal: t.field({ type: AppealRef, nullable: false, resolve: (r) => r.appeal }) }),
});

builder.mutationField('submitAppeal', (t) =>
  t.field({
    type: SubmitAppealSuccess, nullable: false, authScopes: { appeal: true },
    errors: { types: [ValidationError, NotFoundError, AlreadyExistsError, InvalidStateError], directResult: true, union: { name: 'SubmitAppealPayload' } },
    args: { input: t.arg({ type: SubmitAppealInput, required: true }) },
    resolve: async (_, { input }, c) => ({
      appeal: await submitAppeal(scopeOf(c), c.services.reviews, { ...input, evaluationId: rowId(String(input.evaluationId), 'Evaluation') }),
    }),
  }),
);
