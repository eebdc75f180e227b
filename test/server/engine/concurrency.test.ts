import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeguardOpenAI } from '../../../plugins/safeguard-openai/index.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { publishPolicy } from '../../helpers/evaluate.js';
import { type HoldingModelServer, promptOf, startHoldingModelServer } from '../../helpers/model-servers/index.js';

const LIMIT = 12;
const REASONED = 20;
const SUBMIT = `mutation($i: EvaluateInput!) { evaluate(input: $i) { ... on EvaluateSuccess { evaluation { id status } } ... on Error { code } } }`;
const CANCEL = `mutation($id: ID!) { cancelEvaluation(id: $id) { __typename ... on CancelEvaluationSuccess { evaluation { status } } } }`;

describe(`reasoning concurrency, decoupled from job polling (${testEngine})`, () => {
  let server: HoldingModelServer;
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    server = await startHoldingModelServer();
    // Four jobs outside model calls (the old default of ARBITER_WORKER_CONCURRENCY), twelve model calls.
    app = await createTestApp({}, { ARBITER_REASONER_CONCURRENCY: String(LIMIT), ARBITER_WORKER_CONCURRENCY: '4' }, [safeguardOpenAI({ baseUrl: server.url, model: server.model })]);
    token = await app.token(['admin']);
    await publishPolicy(app, token);
  });
  afterAll(async () => {
    server.release();
    await app.close();
    await server.close();
  });

  const submit = async (content: string, wait = false) => (await app.gql(SUBMIT, { i: { content, policies: ['pets'], wait } }, token)).data.evaluate.evaluation as { id: string; status: string };
  const statusOf = async (id: string) => (await app.gql(`query($id: ID!) { evaluation(id: $id) { status } }`, { id }, token)).data.evaluation.status as string;

  it('keeps up to ARBITER_REASONER_CONCURRENCY model calls open, finishes triage-only work meanwhile, and ends each evaluation once', async () => {
    const reasoned = await Promise.all(Array.from({ length: REASONED }, (_, i) => submit(`My dog loves the park [day ${i}]`)));
    await server.waitForInFlight(5);
    // Settled: every evaluation is REASONING, in a model call or waiting for a slot, and no new call
    // has started for a second (the adaptive limit may have settled below LIMIT on a loaded machine).
    let seen = -1;
    await waitFor(async () => {
      const calls = server.chatRequests().length;
      const settled = calls === seen && (await statusesOf(reasoned)).every((s) => s === 'REASONING');
      seen = calls;
      return settled;
    }, 30_000, 1_000);
    const open = server.inFlight();
    expect(open).toBeGreaterThan(4);
    expect(open).toBeLessThanOrEqual(LIMIT);

    // Triage decides these; the held model calls do not stand in their way.
    const decided = await Promise.all(Array.from({ length: 6 }, (_, i) => submit(`puppies for sale, litter ${i}`, true)));
    expect(decided.map((e) => e.status)).toEqual(Array(6).fill('DECIDED'));
    expect(server.inFlight()).toBe(open);

    // Two of those still waiting for a slot are cancelled: they never reach the model.
    const asked = () => new Set(server.chatRequests().map((r) => promptOf(r.body).user));
    const waiting = reasoned.filter((_, i) => ![...asked()].some((user) => user.includes(`[day ${i}]`)));
    expect(waiting).toHaveLength(REASONED - open);
    const cancelled = waiting.slice(0, 2);
    for (const evaluation of cancelled) {
      expect((await app.gql(CANCEL, { id: evaluation.id }, token)).data.cancelEvaluation).toEqual({ __typename: 'CancelEvaluationSuccess', evaluation: { status: 'CANCELLED' } });
    }

    server.release();
    await waitFor(async () => (await statusesOf(reasoned)).every((s) => s === 'DECIDED' || s === 'CANCELLED'), 60_000);
    expect(await statusesOf(reasoned)).toEqual(reasoned.map((e) => (cancelled.includes(e) ? 'CANCELLED' : 'DECIDED')));
    expect(server.peak()).toBeGreaterThan(4);
    expect(server.peak()).toBeLessThanOrEqual(LIMIT);
    expect(server.chatRequests()).toHaveLength(REASONED - cancelled.length);
    expect(await perEvaluation(app, reasoned.map((e) => e.id))).toEqual(reasoned.map((e) => (cancelled.includes(e)
      ? { verdicts: ['TRIAGE'], finished: ['CANCELLED'] }
      : { verdicts: ['TRIAGE', 'REASONING'], finished: ['DECIDED'] })));
  });

  async function statusesOf(evaluations: readonly { id: string }[]): Promise<string[]> {
    return Promise.all(evaluations.map((e) => statusOf(e.id)));
  }
});

/** Each evaluation's verdict stages and EvaluationFinished statuses, as stored: exactly once each. */
async function perEvaluation(app: TestApp, ids: readonly string[]) {
  const db = app.database.db;
  const rowIds = ids.map((id) => Buffer.from(id, 'base64').toString('utf8').replace(/^Evaluation:/, ''));
  const verdicts = await db.selectFrom('verdicts').select(['evaluation_id', 'stage']).where('evaluation_id', 'in', rowIds).orderBy('chain_seq').execute();
  const finished = await db.selectFrom('evaluation_events').select(['evaluation_id', 'payload']).where('evaluation_id', 'in', rowIds).where('type', '=', 'EvaluationFinished').execute();
  return rowIds.map((id) => ({
    verdicts: verdicts.filter((v) => v.evaluation_id === id).map((v) => v.stage),
    finished: finished.filter((e) => e.evaluation_id === id).map((e) => (e.payload as { status: string }).status),
  }));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
