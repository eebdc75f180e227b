import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvaluatorError, throwIfAborted, type ReasonerEvaluator } from '../../../sdk/index.js';
import { safeguardOpenAI } from '../../../plugins/safeguard-openai/index.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../helpers/evaluate.js';
import { answerJson, startModelServer, type ModelServer } from '../../helpers/model-servers/index.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';
import { collect, wsClient } from '../../helpers/ws-client.js';

const EVENTS = `subscription($id: ID!, $after: Int) { evaluationEvents(evaluationId: $id, afterSeq: $after) {
  __typename
  ... on StageChanged { seq status }
  ... on ReasoningDelta { seq text }
  ... on ReasoningRestarted { seq attempt reason }
  ... on VerdictReached { seq }
  ... on EvaluationFinished { seq evaluation { status } } } }`;

/** Streams chain of thought, then fails mid-stream on its first call; answers on the next. */
function failsMidStreamOnce(): { evaluator: ReasonerEvaluator; calls: () => number } {
  const base = scriptedReasoner({}).evaluator;
  let calls = 0;
  return {
    calls: () => calls,
    evaluator: {
      ...base,
      async evaluate(input) {
        calls += 1;
        throwIfAborted(input.signal);
        const policyIds = input.policies.map((p) => p.id);
        input.onReasoning({ text: `attempt ${calls} thinks. `, policyIds });
        if (calls === 1) throw new EvaluatorError('STREAM_INTERRUPTED', 'the model server closed the stream early', { retryable: true });
        input.onReasoning({ text: 'Nothing is sold.', policyIds });
        const answers = input.policies.map((policy) => ({ policyId: policy.id, label: 'NON_VIOLATING' as const, policyCategory: null, ruleIds: [], confidence: 'high' as const, rationale: 'Nothing is sold.', findings: [] }));
        return { answers, reasoning: `attempt ${calls} thinks. Nothing is sold.`, output: '', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 } };
      },
    },
  };
}

describe(`retried reasoning and its stream (${testEngine})`, () => {
  let app: TestApp;
  let url: string;
  let admin: string;
  const flaky = failsMidStreamOnce();
  beforeAll(async () => {
    app = await createTestApp({}, { ARBITER_RETRY_LIMIT: '2' }, [flaky.evaluator]);
    url = (await app.start(0)).url;
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
  });
  afterAll(async () => app.close());

  it('announces a retried reasoning attempt with ReasoningRestarted before its new deltas, and never reuses a seq', async () => {
    const evaluation = await evaluateAndWait(app, admin, { content: 'A calm tortoise', policies: ['pets'] });
    expect(evaluation.status).toBe('DECIDED');
    expect(flaky.calls()).toBe(2);
    const client = wsClient(url, admin);
    const events = (await collect(client, EVENTS, { id: evaluation.id })).map((r) => r.data!.evaluationEvents);
    await client.dispose();
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const shape = events.map((e) => e.__typename === 'StageChanged' ? `Stage:${e.status}` : e.__typename === 'ReasoningDelta' ? `Delta:${e.text}` : e.__typename);
    expect(shape).toEqual([
      'Stage:QUEUED', 'Stage:TRIAGE', 'VerdictReached', 'Stage:REASONING', 'Delta:attempt 1 thinks. ',
      'Stage:REASONING', 'ReasoningRestarted', 'Delta:attempt 2 thinks. ', 'Delta:Nothing is sold.',
      'VerdictReached', 'Stage:DECIDED', 'EvaluationFinished',
    ]);
    expect(events.find((e) => e.__typename === 'ReasoningRestarted')).toMatchObject({ attempt: 2, reason: 'STREAM_INTERRUPTED' });
  });

  it('completes at once when the evaluation is finished and afterSeq is at or past its last event', async () => {
    const evaluation = await evaluateAndWait(app, admin, { content: 'A quiet hamster', policies: ['pets'] });
    const client = wsClient(url, admin);
    const all = (await collect(client, EVENTS, { id: evaluation.id })).map((r) => r.data!.evaluationEvents);
    const last = all.at(-1).seq;
    expect(await collect(client, EVENTS, { id: evaluation.id, after: last })).toEqual([]);
    expect(await collect(client, EVENTS, { id: evaluation.id, after: last + 100 })).toEqual([]);
    await client.dispose();
  });

  it('refuses a negative afterSeq with VALIDATION_FAILED', async () => {
    const evaluation = await evaluateAndWait(app, admin, { content: 'A sleepy cat', policies: ['pets'] });
    const client = wsClient(url, admin);
    const results = await collect(client, EVENTS, { id: evaluation.id, after: -1 });
    await client.dispose();
    expect(results).toEqual([{ errors: [expect.objectContaining({ extensions: { code: 'VALIDATION_FAILED' } })] }]);
  });
});

describe(`a stalled model server after chain of thought (${testEngine})`, () => {
  let app: TestApp;
  let server: ModelServer;
  let admin: string;
  beforeAll(async () => {
    server = await startModelServer({ flavour: 'vllm', script: [
      { reasoning: 'Thinking about the pets policy at length. ', failure: { kind: 'stall', afterReasoningChars: 30 } },
      { final: answerJson({ violation: 0, rationale: 'Nothing is sold.' }) },
    ] });
    const reasoner = safeguardOpenAI({ baseUrl: server.url, model: server.model, timeouts: { idleMs: 500, totalMs: 5_000 } });
    app = await createTestApp({}, { ARBITER_RETRY_LIMIT: '3' }, [reasoner]);
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
  });
  afterAll(async () => {
    await app.close();
    await server.close();
  });

  it('is not retried: it escalates with the TIMEOUT code after one request', async () => {
    const evaluation = await evaluateAndWait(app, admin, { content: 'A dog in the park', policies: ['pets'] });
    expect(evaluation).toMatchObject({ status: 'ESCALATED', escalationReasons: ['reasoner failed: TIMEOUT'] });
    expect(server.chatRequests()).toHaveLength(1);
  });
});
