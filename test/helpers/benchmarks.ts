import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { answerJson, type ModelScript, promptOf } from './model-servers/index.js';
import type { ChatRequestBody } from './model-servers/types.js';

/**
 * A model whose answer depends on the policy text: a policy that defines **PT1.c** (exotic
 * species) flags parrots; any policy flags an offer "for sale". Rationales name the rule version
 * they came from, so a comparison can show both.
 */
export function policyDependentScript(body: ChatRequestBody): ModelScript {
  const { system, user } = promptOf(body);
  const exotic = system.includes('**PT1.c**');
  const text = user.toLowerCase();
  const tag = exotic ? 'with-exotic' : 'base';
  if (exotic && text.includes('parrot') && !text.includes('sale')) {
    return { reasoning: 'A parrot is an exotic species under PT1.c. It violates.', final: answerJson({ violation: 1, policy_category: 'PT1', rule_ids: ['PT1.c'], confidence: 'high', rationale: `${tag}: an exotic species is offered (PT1.c).` }), usage: { promptTokens: 300, completionTokens: 40 } };
  }
  if (text.includes('sale')) {
    return { reasoning: 'Something is offered for money. Rule PT1.a. It violates.', final: answerJson({ violation: 1, policy_category: 'PT1', rule_ids: ['PT1.a'], confidence: 'high', rationale: `${tag}: an animal is offered for money (PT1.a).` }), usage: { promptTokens: 300, completionTokens: 30 } };
  }
  return { reasoning: 'Nothing is offered for money and no animal is harmed. No rule applies.', final: answerJson({ violation: 0, confidence: 'high', rationale: `${tag}: no offer and no harm.` }), usage: { promptTokens: 300, completionTokens: 20 } };
}

/** Runs a GraphQL operation and returns `data`, failing loudly on errors. */
export async function gqlOk(app: TestApp, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const result = await app.gql(query, variables, token);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const RUN = `id status done total error`;

/** Waits until a run has ended; returns it with `selection`. */
export async function waitForRun(app: TestApp, token: string, id: string, selection = RUN, timeoutMs = 30_000): Promise<Record<string, any>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { benchmarkRun } = await gqlOk(app, token, `query($id: ID!) { benchmarkRun(id: $id) { status } }`, { id });
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(benchmarkRun.status)) {
      return (await gqlOk(app, token, `query($id: ID!) { benchmarkRun(id: $id) { status ${selection} } }`, { id })).benchmarkRun;
    }
    if (Date.now() > until) throw new Error(`run ${id} still ${benchmarkRun.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts a run and waits for its end. */
export async function runBenchmark(app: TestApp, token: string, input: Record<string, unknown>, selection = RUN): Promise<Record<string, any>> {
  const data = await gqlOk(app, token, `mutation($i: StartBenchmarkRunInput!) { startBenchmarkRun(input: $i) {
    __typename ... on StartBenchmarkRunSuccess { run { id status } } ... on Error { code message } } }`, { i: input });
  if (!data.startBenchmarkRun.run) throw new Error(JSON.stringify(data.startBenchmarkRun));
  expect(data.startBenchmarkRun.run.status).toBe('QUEUED');
  return waitForRun(app, token, data.startBenchmarkRun.run.id, selection);
}
