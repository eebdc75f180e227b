import { assertValidSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './enums.js';
import './finding.js';
import './policy.js';
import './policy-version.js';
import './audit.js';
import './verdict.js';
import './evaluation.js';
import './evaluation-events.js';
import './evaluators.js';
import './review.js';
import './review-actions.js';
import './appeal.js';
import './triage-model.js';
import './dataset.js';
import './benchmark.js';
import './viewer.js';

let schema: GraphQLSchema | undefined;

/** The executable schema, built once. */
export function buildSchema(): GraphQLSchema {
  if (!schema) {
    schema = builder.toSchema({ sortSchema: true });
    // Fail at start, not on the first request.
    assertValidSchema(schema);
  }
  return schema;
}
