import type { TestApp } from './app.js';
import { evaluateAndWait } from './evaluate.js';

export const ITEM = `id status queue priority severity reasons assignee claimedUntil dueAt createdAt decidedAt note
  evaluation { id status } decisions { stage label ruleIds reviewer rationale supersedes { stage label } } appeal { id status outcome }`;

/** Runs an evaluation that ends ESCALATED and returns it with its review item. */
export async function escalate(app: TestApp, token: string, content: string, policies = ['pets']): Promise<Record<string, any>> {
  const evaluation = await evaluateAndWait(app, token, { content, policies }, `id status policyVersions { id } reviewItem { ${ITEM} }`);
  if (evaluation.status !== 'ESCALATED') throw new Error(`expected ESCALATED, got ${JSON.stringify(evaluation)}`);
  return evaluation;
}

export const CLAIM = `mutation($id: ID!) { claimReviewItem(id: $id) { __typename ... on ClaimReviewItemSuccess { item { ${ITEM} } } ... on Error { code message } } }`;
export const CLAIM_NEXT = `mutation($q: String) { claimNextReviewItem(queue: $q) { __typename ... on ClaimNextReviewItemSuccess { item { ${ITEM} } } ... on Error { code message } } }`;
export const RELEASE = `mutation($id: ID!) { releaseReviewItem(id: $id) { __typename ... on ReleaseReviewItemSuccess { item { ${ITEM} } } ... on Error { code message } } }`;
export const DECIDE = `mutation($i: DecideReviewItemInput!) { decideReviewItem(input: $i) { __typename
  ... on DecideReviewItemSuccess { item { ${ITEM} } evaluation { id status finalVerdicts { stage label reviewer } }
    verdicts { id stage label ruleIds rationale reviewer evaluator severity recommendedAction supersedes { stage label } } }
  ... on ValidationError { problems { path message } } ... on Error { code message } } }`;

/** Creates and publishes a pets-style policy whose review front matter is `review`. */
export async function publishWithReview(app: TestApp, token: string, slug: string, document: string): Promise<string> {
  const created = await app.gql(`mutation($i: CreatePolicyInput!) { createPolicy(input: $i) { ... on CreatePolicySuccess { version { id } } ... on Error { code message } } }`,
    { i: { slug, name: slug, content: document } }, token);
  const id = created.data.createPolicy.version?.id;
  if (!id) throw new Error(JSON.stringify(created));
  await app.gql(`mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename } }`, { id }, token);
  return id;
}
