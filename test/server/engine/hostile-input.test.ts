import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeguardOpenAI } from '../../../plugins/safeguard-openai/index.js';
import { isStorable } from '../../../server/engine/text.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { publishPolicy } from '../../helpers/evaluate.js';
import { answerJson, type ModelScript, type ModelServer, startModelServer } from '../../helpers/model-servers/index.js';

const EVALUATE = `mutation($input: EvaluateInput!) { evaluate(input: $input) { __typename
  ... on EvaluateSuccess { evaluation { id status escalationReasons error finalVerdicts { stage findings { code message } rationale } } }
  ... on Error { code message } } }`;
const TERMINAL = ['DECIDED', 'ESCALATED', 'FAILED'];
// Text a tenant or a model may send: anything, NUL and lone surrogates included.
const hostile = fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d', '\ud83d\ude00', '"', '\\', '}')), { minLength: 1, maxLength: 10 })
  .map((parts) => parts.join(''));

describe(`hostile text at every boundary (${testEngine})`, () => {
  let app: TestApp;
  let server: ModelServer;
  let admin: string;
  let url: string;
  let script: ModelScript = {};
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => void rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    server = await startModelServer({ flavour: 'vllm', script: () => script });
    const reasoner = safeguardOpenAI({ baseUrl: server.url, model: server.model, retry: { maxRetries: 0 }, timeouts: { idleMs: 15_000, totalMs: 30_000 } });
    app = await createTestApp({}, { ARBITER_RETRY_LIMIT: '1' }, [reasoner]);
    url = (await app.start(0)).url;
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await app.close();
    await server.close();
  });

  const evaluate = async (input: Record<string, unknown>) => (await app.gql(EVALUATE, { input: { policies: ['pets'], wait: true, ...input } }, admin));
  const chainOk = async () => (await app.gql('{ verifyAuditChain { ok } }', {}, admin)).data.verifyAuditChain.ok;

  it.each([
    ['content', { content: 'a\u0000b' }, 'content'],
    ['content (lone surrogate)', { content: 'a\ud800b' }, 'content'],
    ['metadata', { content: 'ok', metadata: { note: 'x\u0000' } }, 'metadata.note'],
    ['a metadata key', { content: 'ok', metadata: { ['k\u0000']: 1 } }, 'metadata.<key>'],
    ['idempotencyKey', { content: 'ok', idempotencyKey: 'key\u0000' }, 'idempotencyKey'],
  ])('refuses NUL or a lone surrogate in %s with VALIDATION_FAILED', async (_, input, path) => {
    const result = await evaluate(input);
    expect(result.errors).toBeUndefined();
    expect(result.data.evaluate).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    expect(result.data.evaluate.message).toContain(path);
  });

  it('answers any content and metadata with a typed result, never an internal error', async () => {
    script = {};
    await fc.assert(fc.asyncProperty(hostile, hostile, async (content, note) => {
      const result = await evaluate({ content, metadata: { note }, wait: false });
      expect(result.errors).toBeUndefined();
      const storable = isStorable(content) && isStorable(note) && content.trim() !== '';
      expect(result.data.evaluate.__typename).toBe(storable ? 'EvaluateSuccess' : 'ValidationError');
    }), { numRuns: 25 });
  });

  it('stores a NUL in the model answer as sanitized text, escalates it, and keeps the chain valid', async () => {
    script = { reasoning: 'It sells\u0000 a kitten. It violates PT1.a.', final: answerJson({ violation: 1, rule_ids: ['PT1.a'], policy_category: 'PT1', rationale: 'Sells a kitten\u0000 \ud800for money.' }) };
    const { data } = await evaluate({ content: 'Kitten for 50 dollars' });
    expect(data.evaluate.evaluation).toMatchObject({ status: 'ESCALATED', escalationReasons: ['SANITIZED_OUTPUT on pets'], error: null });
    expect(data.evaluate.evaluation.finalVerdicts).toEqual([{ stage: 'REASONING', rationale: 'Sells a kitten for money.', findings: [{ code: 'SANITIZED_OUTPUT', message: expect.any(String) }] }]);
    expect(await chainOk()).toBe(true);
  });

  it('ends every evaluation of arbitrary model output in a terminal state, flags what it cleaned, and keeps the chain valid', async () => {
    await fc.assert(fc.asyncProperty(hostile, hostile, fc.boolean(), async (reasoning, text, asJson) => {
      const final = asJson ? answerJson({ violation: 1, rule_ids: ['PT1.a'], policy_category: 'PT1', rationale: text }) : text;
      script = { reasoning, final };
      const { data, errors } = await evaluate({ content: 'A dog for sale' });
      expect(errors).toBeUndefined();
      const evaluation = data.evaluate.evaluation;
      expect(TERMINAL).toContain(evaluation.status);
      if (!isStorable(reasoning) || !isStorable(text)) {
        expect(evaluation.status).toBe('ESCALATED');
        expect(evaluation.escalationReasons).toContain('SANITIZED_OUTPUT on pets');
      }
    }), { numRuns: 15 });
    expect(await chainOk()).toBe(true);
  });

  it('stays up through model-server faults, and the next evaluation works', async () => {
    for (const failure of [{ kind: 'http-error', status: 500 }, { kind: 'drop' }, { kind: 'cut', afterFinalChars: 3 }] as const) {
      script = { failure };
      const { data } = await evaluate({ content: 'A parrot' });
      expect(data.evaluate.evaluation.status).toBe('ESCALATED');
      for (const reason of data.evaluate.evaluation.escalationReasons) expect(reason).toMatch(/^(reasoner failed: [A-Z_]+|[A-Z_]+ on pets|uncertain answer on pets)$/);
    }
    script = { final: answerJson({ violation: 0, rationale: 'A parrot picture; nothing is sold.' }) };
    const { data } = await evaluate({ content: 'A parrot picture' });
    expect(data.evaluate.evaluation).toMatchObject({ status: 'DECIDED', escalationReasons: [] });
    // The process still answers (anonymous GraphQL is 401 by design, so ask the liveness endpoint).
    const alive = await fetch(new URL('/livez', url));
    expect(alive.status).toBe(200);
    expect(rejections).toEqual([]);
  });
});
