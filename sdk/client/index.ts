/**
 * The Arbiter client SDK (package export `arbiter/client`): typed calls for the common operations,
 * resumable streams of chain of thought, paging over decision history, and `request` for any
 * other operation. Runs in Node 20+ and browsers (it uses only `fetch`, and `WebSocket` if asked).
 * See docs/client.md.
 */
import type { ResultOf, TypedDocumentNode, VariablesOf } from '@graphql-typed-document-node/core';
import { ArbiterError, payloadSuccess } from './errors.js';
import {
  CancelEvaluationDocument, DecisionsDocument, EvaluateDocument, EvaluationDocument, EvaluationEventsDocument,
  type DecisionFilter, type EvaluateInput, type EvaluationEventsSubscription, type EvaluationFieldsFragment, type VerdictFieldsFragment,
} from './generated/graphql.js';
import { type Connection, execute } from './http.js';
import { reviewCalls, type Appeal, type DecideReviewItemInput, type ReviewItem, type SubmitAppealInput } from './review.js';
import { policyEngineeringCalls } from './policy-engineering.js';
import { resumable, type StreamTransport } from './stream.js';
import type { TokenSource } from './token.js';

export { ArbiterError, type ArbiterErrorCode, type ArbiterProblem } from './errors.js';
export type { TokenSource } from './token.js';
export type { StreamTransport } from './stream.js';
export type { Appeal, DecideReviewItemInput, ReviewItem, SubmitAppealInput } from './review.js';
export type { AddDatasetItemsInput, BenchmarkComparison, BenchmarkRun, CreateDatasetInput, StartBenchmarkRunInput } from './policy-engineering.js';
export type * from './generated/graphql.js';
export * as documents from './documents.js';
export type { ResultOf, TypedDocumentNode, VariablesOf };

/** An evaluation as the client returns it. */
export type Evaluation = EvaluationFieldsFragment;
/** A verdict as the client returns it. */
export type Verdict = VerdictFieldsFragment;
/** One event of `evaluationEvents`: narrow on `__typename`. */
export type EvaluationEvent = EvaluationEventsSubscription['evaluationEvents'];

/** Options of {@link createArbiterClient}. */
export interface ArbiterClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  readonly url: string;
  /** A token, or a function returning a current one (called per request and per stream connection). */
  readonly token?: TokenSource;
  /** `fetch` to use (default: `globalThis.fetch`). */
  readonly fetch?: typeof fetch;
  /** Streams over SSE (default) or graphql-ws. */
  readonly transport?: StreamTransport;
  /** A WebSocket class for `transport: 'ws'` where there is no global one (Node 20: `import WebSocket from 'ws'`). */
  readonly webSocketImpl?: unknown;
  /** Reconnections in a row without progress before a stream gives up (default 8). */
  readonly maxReconnects?: number;
  /** First reconnection delay in ms, doubled up to 5 s (default 200). */
  readonly reconnectDelayMs?: number;
}

/** The client; every method throws {@link ArbiterError} with a stable `code`. */
export interface ArbiterClient {
  /** Submits content; with `wait: true` resolves once it is DECIDED, ESCALATED or FAILED. */
  evaluate(input: EvaluateInput): Promise<Evaluation>;
  /** An evaluation by id, or null when there is none. */
  evaluation(id: string): Promise<Evaluation | null>;
  /** Cancels an unfinished evaluation. */
  cancelEvaluation(id: string): Promise<Evaluation>;
  /**
   * Every event of an evaluation in `seq` order, ending with EvaluationFinished. A dropped
   * connection is resumed from the last `seq` seen: no event is missed or repeated.
   */
  evaluationEvents(evaluationId: string, options?: { readonly afterSeq?: number }): AsyncIterable<EvaluationEvent>;
  /** Every verdict matching the filter, newest first, fetching page after page by cursor. */
  decisions(filter?: DecisionFilter, options?: { readonly pageSize?: number }): AsyncIterable<Verdict>;
  /** The number of verdicts matching the filter. */
  countDecisions(filter?: DecisionFilter): Promise<number>;
  /** Human review (DESIGN §7); the reviewer and admin roles. */
  readonly review: {
    /** Claims the next open item of a queue; null when the queue is empty. */
    claimNext(queue?: string): Promise<ReviewItem | null>;
    claim(id: string): Promise<ReviewItem>;
    release(id: string): Promise<ReviewItem>;
    decide(input: DecideReviewItemInput): Promise<ReviewItem>;
  };
  /** Submits an appeal against an evaluation's outcome (service and admin roles). */
  appeal(input: SubmitAppealInput): Promise<Appeal>;
  /** Datasets: create one, add labelled items (each add bumps its version). */
  readonly datasets: ReturnType<typeof policyEngineeringCalls>['datasets'];
  /** Benchmark runs: start one (QUEUED), read its progress and metrics, compare two. */
  readonly benchmarks: ReturnType<typeof policyEngineeringCalls>['benchmarks'];
  /** Runs any operation typed by its document (e.g. from `documents`, or your own codegen). */
  request<D extends TypedDocumentNode<any, any>>(document: D, ...variables: {} extends VariablesOf<D> ? [VariablesOf<D>?] : [VariablesOf<D>]): Promise<ResultOf<D>>;
}

/** Creates a client for one Arbiter server. */
export function createArbiterClient(options: ArbiterClientOptions): ArbiterClient {
  const connection: Connection = { url: options.url, token: options.token, fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)) };
  const stream = {
    transport: options.transport ?? 'sse', webSocketImpl: options.webSocketImpl,
    maxReconnects: options.maxReconnects ?? 8, reconnectDelayMs: options.reconnectDelayMs ?? 200,
  } as const;
  const run = <R, V>(document: TypedDocumentNode<R, V>, variables: V) => execute(connection, document, variables);
  return {
    evaluate: async (input) => payloadSuccess((await run(EvaluateDocument, { input })).evaluate, 'EvaluateSuccess').evaluation,
    evaluation: async (id) => (await run(EvaluationDocument, { id })).evaluation,
    cancelEvaluation: async (id) => payloadSuccess((await run(CancelEvaluationDocument, { id })).cancelEvaluation, 'CancelEvaluationSuccess').evaluation,
    evaluationEvents: (evaluationId, { afterSeq = 0 } = {}) => ({
      [Symbol.asyncIterator]: () => resumable<EvaluationEvent>(connection, stream, EvaluationEventsDocument, { evaluationId, afterSeq }, (e) => e.__typename === 'EvaluationFinished'),
    }),
    decisions: (filter = {}, { pageSize = 100 } = {}) => ({ [Symbol.asyncIterator]: () => pages(run, filter, pageSize) }),
    countDecisions: async (filter = {}) => (await run(DecisionsDocument, { filter, first: 0 })).decisions.totalCount,
    ...reviewCalls(run),
    ...policyEngineeringCalls(run),
    request: (document, ...variables) => run(document, variables[0] ?? {}),
  };
}

async function* pages(run: <R, V>(d: TypedDocumentNode<R, V>, v: V) => Promise<R>, filter: DecisionFilter, pageSize: number): AsyncGenerator<Verdict> {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw new ArbiterError('VALIDATION_FAILED', 'pageSize must be an integer from 1 to 500');
  let after: string | null = null;
  for (;;) {
    const { decisions }: { decisions: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Verdict }[] } } =
      await run(DecisionsDocument, { filter, first: pageSize, after });
    for (const edge of decisions.edges) yield edge.node;
    if (!decisions.pageInfo.hasNextPage || decisions.pageInfo.endCursor === null) return;
    after = decisions.pageInfo.endCursor;
  }
}
