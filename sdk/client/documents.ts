// The typed documents the client runs, for `client.request(documents.X, variables)`.
export {
  CancelEvaluationDocument, DecisionsDocument, EvaluateDocument, EvaluationDocument, EvaluationEventsDocument,
  ClaimNextReviewItemDocument, ClaimReviewItemDocument, DecideReviewItemDocument, ReleaseReviewItemDocument, SubmitAppealDocument,
  AddDatasetItemsDocument, BenchmarkRunDocument, CompareBenchmarkRunsDocument, CreateDatasetDocument, StartBenchmarkRunDocument,
} from './generated/graphql.js';
