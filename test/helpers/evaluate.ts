import type { TestApp } from './app.js';
import { policyDocument } from './policies.js';

/** Creates and publishes a hand-written policy; returns the published version's id. */
export async function publishPolicy(app: TestApp, token: string, options: Parameters<typeof policyDocument>[0] = {}): Promise<string> {
  const slug = options.slug ?? 'pets';
  const existing = await app.gql(`query($s: String!) { policy(slug: $s) { id } }`, { s: slug }, token);
  const mutation = existing.data.policy
    ? app.gql(`mutation($i: CreatePolicyVersionInput!) { createPolicyVersion(input: $i) { ... on CreatePolicyVersionSuccess { version { id } } } }`, { i: { slug, content: policyDocument(options) } }, token)
    : app.gql(`mutation($i: CreatePolicyInput!) { createPolicy(input: $i) { ... on CreatePolicySuccess { version { id } } } }`, { i: { slug, name: 'Pets', content: policyDocument(options) } }, token);
  const result = await mutation;
  const id = (result.data.createPolicy ?? result.data.createPolicyVersion).version.id as string;
  await app.gql(`mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename } }`, { id }, token);
  return id;
}

/** Submits an evaluation and waits for its end; returns the evaluation as selected by `selection`. */
export async function evaluateAndWait(app: TestApp, token: string, input: Record<string, unknown>, selection = 'id status escalationReasons'): Promise<Record<string, any>> {
  const result = await app.gql(`mutation($input: EvaluateInput!) { evaluate(input: $input) {
    ... on EvaluateSuccess { evaluation { ${selection} } } ... on Error { code message } } }`, { input: { wait: true, ...input } }, token);
  if (!result.data?.evaluate?.evaluation) throw new Error(`evaluate failed: ${JSON.stringify(result)}`);
  return result.data.evaluate.evaluation;
}
