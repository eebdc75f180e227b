import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { publishPolicy } from '../helpers/evaluate.js';
import { answerJson, type ModelScript, type ModelServer, promptOf, startModelServer } from '../helpers/model-servers/index.js';
import { collect, wsClient } from '../helpers/ws-client.js';

const REASONING = 'The post offers three puppies for money. Rule PT1.a covers offering a living animal for sale. This is a clear violation.';
const VIOLATING: ModelScript = {
  reasoning: REASONING,
  final: answerJson({ violation: 1, policy_category: 'PT1', rule_ids: ['PT1.a'], confidence: 'high', rationale: 'Living animals are offered for sale.' }),
  usage: { promptTokens: 612, completionTokens: 58 },
  chunkSize: 7,
  delayMs: 5,
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const EVENTS = `subscription($id: ID!) { evaluationEvents(evaluationId: $id) { __typename
  ... on ReasoningDelta { seq text evaluator }
  ... on VerdictReached { seq verdict { stage label policyCategory ruleIds confidence rationale reasoning reasoningSha256 effort usage latencyMs evaluator findings { code } } }
  ... on StageChanged { seq status } ... on EvaluationFinished { seq evaluation { status escalationReasons } } } }`;

// A server started with SAFEGUARD_URL against a vLLM-shaped stream: the real plugin, over real HTTP and SSE.
describe(`end to end with an OpenAI-compatible model server (${testEngine})`, () => {
  let model: ModelServer;
  let app: TestApp;
  let url: string;
  let admin: string;
  beforeAll(async () => {
    model = await startModelServer({
      flavour: 'vllm',
      model: 'openai/gpt-oss-safeguard-20b',
      script: (request) => {
        const { user } = promptOf(request.body);
        if (user.includes('parrot')) return { ...VIOLATING, final: answerJson({ violation: 1, policy_category: 'PT9', rule_ids: ['PT9.z'], confidence: 'high', rationale: 'Breaks PT9.z.' }) };
        if (user.includes('hamster')) return { ...VIOLATING, failure: { kind: 'cut', afterFinalChars: 20 } };
        return VIOLATING;
      },
    });
    app = await createTestApp({}, { SAFEGUARD_URL: model.url, SAFEGUARD_MODEL: 'openai/gpt-oss-safeguard-20b', ARBITER_RETRY_LIMIT: '0' });
    url = (await app.start(0)).url;
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
  });
  afterAll(async () => {
    await app?.close();
    await model?.close();
  });

  async function run(content: string, effort = 'HIGH') {
    const submitted = await app.gql(`mutation($i: EvaluateInput!) { evaluate(input: $i) { ... on EvaluateSuccess { evaluation { id } } } }`,
      { i: { content, policies: ['pets'], effort } }, admin);
    const client = wsClient(url, admin);
    const events = (await collect(client, EVENTS, { id: submitted.data.evaluate.evaluation.id })).map((r) => r.data!.evaluationEvents);
    await client.dispose();
    return events;
  }

  it('streams the model reasoning to a graphql-ws subscriber in order, before the verdict, and stores the verdict', async () => {
    const events = await run('Three puppies, 200 each, message me');
    const deltas = events.filter((e) => e.__typename === 'ReasoningDelta');
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.map((d) => d.text).join('')).toBe(REASONING);
    expect(new Set(deltas.map((d) => d.evaluator))).toEqual(new Set(['safeguard-openai']));
    const verdictAt = events.findIndex((e) => e.__typename === 'VerdictReached' && e.verdict.stage === 'REASONING');
    expect(events.findIndex((e) => e.__typename === 'ReasoningDelta')).toBeLessThan(verdictAt);
    expect(events.findLastIndex((e) => e.__typename === 'ReasoningDelta')).toBeLessThan(verdictAt);
    expect(events[verdictAt].verdict).toEqual({
      stage: 'REASONING', label: 'VIOLATING', policyCategory: 'PT1', ruleIds: ['PT1.a'], confidence: 'HIGH',
      rationale: 'Living animals are offered for sale.', reasoning: REASONING, reasoningSha256: sha256(REASONING), effort: 'HIGH',
      usage: { promptTokens: 612, completionTokens: 58, totalTokens: 670 }, latencyMs: expect.any(Number), evaluator: 'safeguard-openai', findings: [],
    });
    expect(events.at(-1)).toMatchObject({ __typename: 'EvaluationFinished', evaluation: { status: 'DECIDED', escalationReasons: [] } });
  });

  it('sends the policy text as the system message and the effort as reasoning_effort', async () => {
    const request = model.chatRequests().at(-1)!;
    expect(request.body).toMatchObject({ model: 'openai/gpt-oss-safeguard-20b', stream: true, reasoning_effort: 'high' });
    const { system, user } = promptOf(request.body);
    expect(system).toContain('- **PT1.a** Offers a living animal for sale or trade.');
    expect(user).toContain('Three puppies, 200 each, message me');
  });

  it('flags a cited rule id the policy lacks and escalates', async () => {
    const events = await run('A parrot that talks');
    const verdict = events.find((e) => e.__typename === 'VerdictReached' && e.verdict.stage === 'REASONING').verdict;
    expect(verdict.findings).toContainEqual({ code: 'HALLUCINATED_RULE_ID' });
    expect(events.at(-1).evaluation).toEqual({ status: 'ESCALATED', escalationReasons: expect.arrayContaining(['HALLUCINATED_RULE_ID on pets']) });
  });

  it('flags an answer cut mid-stream as TRUNCATED_OUTPUT and escalates', async () => {
    const events = await run('A hamster wheel');
    const verdict = events.find((e) => e.__typename === 'VerdictReached' && e.verdict.stage === 'REASONING').verdict;
    expect(verdict).toMatchObject({ label: 'UNCERTAIN', findings: [{ code: 'TRUNCATED_OUTPUT' }], reasoning: REASONING });
    expect(events.at(-1).evaluation.status).toBe('ESCALATED');
  });

  it('lists the reasoner as ready', async () => {
    const result = await app.gql('{ evaluators { name kind ready streamsReasoning } }', {}, admin);
    expect(result.data.evaluators).toEqual([
      { name: 'triage-rules', kind: 'triage', ready: true, streamsReasoning: false },
      { name: 'safeguard-openai', kind: 'reasoner', ready: true, streamsReasoning: true },
    ]);
  });
});
