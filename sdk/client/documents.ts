// The typed documents the client runs, for `client.request(documents.X, variables)`.
export {
  CancelEvaluationDocument, DecisionsDocument, EvaluateDocument, EvaluationDocument, EvaluationEventsDocument,
} from './generated/graphql.js';
