import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { payloadSuccess as success } from './errors.js';
import {
  ClaimNextReviewItemDocument, ClaimReviewItemDocument, DecideReviewItemDocument, ReleaseReviewItemDocument, SubmitAppealDocument,
  type AppealFieldsFragment, type DecideReviewItemInput, type ReviewItemFieldsFragment, type SubmitAppealInput,
} from './generated/graphql.js';

/** A review item as the review calls return it. */
export type ReviewItem = ReviewItemFieldsFragment;
/** An appeal as `appeal` returns it. */
export type Appeal = AppealFieldsFragment;
export type { DecideReviewItemInput, SubmitAppealInput };

/** How the client runs one typed operation. */
export type Run = <R, V>(document: TypedDocumentNode<R, V>, variables: V) => Promise<R>;


/** The review and appeal calls of the client, over the generated documents. */
export function reviewCalls(run: Run) {
  return {
    review: {
      claimNext: async (queue?: string): Promise<ReviewItem | null> =>
        success((await run(ClaimNextReviewItemDocument, { queue: queue ?? null })).claimNextReviewItem, 'ClaimNextReviewItemSuccess').item ?? null,
      claim: async (id: string): Promise<ReviewItem> =>
        success((await run(ClaimReviewItemDocument, { id })).claimReviewItem, 'ClaimReviewItemSuccess').item,
      release: async (id: string): Promise<ReviewItem> =>
        success((await run(ReleaseReviewItemDocument, { id })).releaseReviewItem, 'ReleaseReviewItemSuccess').item,
      decide: async (input: DecideReviewItemInput): Promise<ReviewItem> =>
        success((await run(DecideReviewItemDocument, { input })).decideReviewItem, 'DecideReviewItemSuccess').item,
    },
    appeal: async (input: SubmitAppealInput): Promise<Appeal> =>
      success((await run(SubmitAppealDocument, { input })).submitAppeal, 'SubmitAppealSuccess').appeal,
  };
}
