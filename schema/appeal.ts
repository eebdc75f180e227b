import { scopeOf } from '../server/context.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { submitAppeal } from '../server/domain/reviews/appeals.js';
import { appealReviewItem, getAppeal, listAppeals, type AppealRow } from '../server/domain/reviews/queries.js';
import { builder } from './builder.js';
import { AlreadyExistsError, InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { rowId } from './ids.js';
import { EvaluationRef, connectionNames, pageArgs } from './refs.js';
import { AppealRef, ReviewItemRef } from './review-refs.js';

const AppealStatusEnum = builder.enumType('AppealStatus', {
  description: 'Where an appeal is: received, re-reasoned at HIGH effort, waiting for a person, or closed.',
  values: {
    OPEN: { description: 'Received; the re-reasoning has not started yet.' },
    REASONING: { description: 'The reasoner is judging the content again at HIGH effort.' },
    IN_REVIEW: { description: 'An item waits in the `appeals` review queue for a person.' },
    DECIDED: { description: 'A person decided it; `outcome` and `statementOfReasons` are set.' },
  } as const,
});
const AppealOutcomeEnum = builder.enumType('AppealOutcome', {
  description: 'What the person who reviewed an appeal concluded.',
  values: {
    UPHELD: { description: 'The decision appealed stands: no contested label changed.' },
    OVERTURNED: { description: 'A label the appeal contested was changed by the reviewer.' },
  } as const,
});

builder.node(AppealRef, {
  description: 'A request to look again at a finished evaluation: re-reasoned at HIGH effort, then decided by a person.',
  id: { resolve: (a) => a.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'statement_of_reasons' in value,
  loadOne: (id, context) => (context.scope ? getAppeal(context.scope, id) : null),
  authScopes: { $any: { readReviews: true, review: true, appeal: true } },
  fields: (t) => ({
    evaluation: t.field({ type: EvaluationRef, nullable: false, description: 'The evaluation appealed.', resolve: async (a, _, c) => (await getEvaluation(scopeOf(c), a.evaluation_id))! }),
    status: t.field({ type: AppealStatusEnum, nullable: false, description: 'OPEN → REASONING → IN_REVIEW → DECIDED.', resolve: (a) => a.status }),
    reason: t.exposeString('reason', { nullable: false, description: 'Why the appellant contests the decision, in their words.' }),
    appellant: t.exposeString('appellant', { nullable: true, description: "The product's reference for the person affected; null when not given." }),
    submittedBy: t.exposeString('created_by', { nullable: false, description: 'The token subject (a service or admin) that submitted it.' }),
    outcome: t.field({ type: AppealOutcomeEnum, nullable: true, description: 'UPHELD or OVERTURNED; null until DECIDED.', resolve: (a) => a.outcome }),
    statementOfReasons: t.exposeString('statement_of_reasons', {
      nullable: true, description: "Built from the decision's cited rule ids and the policy version's own text (no model is asked).",
    }),
    reviewItem: t.field({
      type: ReviewItemRef, nullable: true, description: 'The item in the `appeals` queue; null before IN_REVIEW or for roles that may not read the queue.', authScopes: { $any: { readReviews: true, review: true } }, unauthorizedResolver: () => null,
      resolve: async (a, _, c) => (await appealReviewItem(scopeOf(c), a.id)) ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', nullable: false, description: 'When it was submitted.', resolve: (a) => a.created_at }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was decided; null until DECIDED.', resolve: (a) => a.resolved_at }),
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
  description: 'An appeal against a finished evaluation, on behalf of the person affected.',
  fields: (t) => ({
    evaluationId: t.id({ required: true, description: 'The global id of a DECIDED, ESCALATED or FAILED evaluation.' }),
    reason: t.string({ required: true, description: 'Why the decision is contested; shown to the reviewer.' }),
    appellant: t.string({ description: "The product's reference for the person affected." }),
  }),
});
const SubmitAppealSuccess = builder.objectRef<{ appeal: AppealRow }>('SubmitAppealSuccess').implement({
  description: 'The appeal as received.',
  fields: (t) => ({ appeal: t.field({ type: AppealRef, nullable: false, description: 'The new appeal, OPEN.', resolve: (r) => r.appeal }) }),
});

builder.mutationField('submitAppeal', (t) =>
  t.field({
    type: SubmitAppealSuccess, nullable: false, authScopes: { appeal: true },
    description: 'Appeals a finished evaluation: it is re-reasoned at HIGH effort and then always decided by a person.',
    errors: { types: [ValidationError, NotFoundError, AlreadyExistsError, InvalidStateError], directResult: true,
      union: { name: 'SubmitAppealPayload', description: 'The appeal, or why it was refused (not finished: INVALID_STATE; already open: ALREADY_EXISTS).' } },
    args: { input: t.arg({ type: SubmitAppealInput, required: true, description: 'The evaluation and the reason.' }) },
    resolve: async (_, { input }, c) => ({
      appeal: await submitAppeal(scopeOf(c), c.services.reviews, { ...input, evaluationId: rowId(String(input.evaluationId), 'Evaluation') }),
    }),
  }),
);
