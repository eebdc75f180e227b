import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { fromPayloadError, type ArbiterProblem } from './errors.js';
import type { VerdictLabel } from './generated/graphql.js';

// The review and appeal mutations of DESIGN §7 ("Human review and appeals"). They are typed by hand
// here until they are in schema/schema.graphql; then they move to operations.graphql and codegen.

/** A review item as the review calls return it. */
export interface ReviewItem {
  readonly id: string;
  readonly status: string;
  readonly queue: string;
  readonly priority: number;
  readonly reasons: readonly string[];
  readonly assignee: string | null;
  readonly evaluation: { readonly id: string };
}

/** An appeal as `appeal` returns it. */
export interface Appeal {
  readonly id: string;
  readonly status: string;
  readonly reason: string;
  readonly evaluation: { readonly id: string };
}

/** DESIGN §7 `DecideReviewItemInput`. */
export interface DecideReviewItemInput {
  readonly id: string;
  readonly decisions: readonly { readonly policyVersionId: string; readonly label: VerdictLabel; readonly ruleIds?: readonly string[]; readonly rationale?: string }[];
  readonly note?: string;
}

/** DESIGN §7 `SubmitAppealInput`. */
export interface SubmitAppealInput {
  readonly evaluationId: string;
  readonly reason: string;
  readonly appellant?: string;
}

type Payload<K extends string, T> = Record<K, { __typename: string; code?: string; message?: string; problems?: ArbiterProblem[] } & Partial<T>>;

const ITEM = 'id status queue priority reasons assignee evaluation { id }';
const ERROR = '... on Error { code message } ... on ValidationError { problems { path line message } }';
const doc = <R, V>(source: string) => parse(source) as TypedDocumentNode<R, V>;

export const claimNextDocument = doc<Payload<'claimNextReviewItem', { item: ReviewItem | null }>, { queue?: string | null }>(
  `mutation ClaimNextReviewItem($queue: String) { claimNextReviewItem(queue: $queue) { __typename ... on ClaimNextReviewItemSuccess { item { ${ITEM} } } ${ERROR} } }`);
export const claimDocument = doc<Payload<'claimReviewItem', { item: ReviewItem }>, { id: string }>(
  `mutation ClaimReviewItem($id: ID!) { claimReviewItem(id: $id) { __typename ... on ClaimReviewItemSuccess { item { ${ITEM} } } ${ERROR} } }`);
export const releaseDocument = doc<Payload<'releaseReviewItem', { item: ReviewItem }>, { id: string }>(
  `mutation ReleaseReviewItem($id: ID!) { releaseReviewItem(id: $id) { __typename ... on ReleaseReviewItemSuccess { item { ${ITEM} } } ${ERROR} } }`);
export const decideDocument = doc<Payload<'decideReviewItem', { item: ReviewItem }>, { input: DecideReviewItemInput }>(
  `mutation DecideReviewItem($input: DecideReviewItemInput!) { decideReviewItem(input: $input) { __typename ... on DecideReviewItemSuccess { item { ${ITEM} } } ${ERROR} } }`);
export const appealDocument = doc<Payload<'submitAppeal', { appeal: Appeal }>, { input: SubmitAppealInput }>(
  `mutation SubmitAppeal($input: SubmitAppealInput!) { submitAppeal(input: $input) { __typename ... on SubmitAppealSuccess { appeal { id status reason evaluation { id } } } ${ERROR} } }`);

/** The success member's field, or the typed error member thrown as an ArbiterError. */
export function unwrap<K extends string, T, F extends keyof T>(data: Payload<K, T>, root: K, field: F): T[F] {
  const payload = data[root];
  if (payload.code !== undefined && payload.message !== undefined) throw fromPayloadError({ code: payload.code, message: payload.message, ...(payload.problems ? { problems: payload.problems } : {}) });
  return payload[field] as T[F];
}
