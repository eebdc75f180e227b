import { decodeGlobalID } from '@pothos/plugin-relay';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationCost } from '../../../server/http/cost.js';
import { appendVerdict } from '../../../server/domain/verdicts/repository.js';
import { buildSchema } from '../../../schema/index.js';
import { ArbiterError, createArbiterClient, documents, type ArbiterClient, type TypedDocumentNode } from '../../../sdk/client/index.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { publishPolicy } from '../../helpers/evaluate.js';

// More than one 500-row page; ARBITER_TEST_HISTORY=5000 for a longer run.
const HISTORY = Number(process.env.ARBITER_TEST_HISTORY ?? 640);

describe(`the client SDK against a server (${testEngine})`, () => {
  let app: TestApp;
  let url: string;
  let admin: ArbiterClient;
  let auditor: ArbiterClient;
  let evaluationId: string;
  beforeAll(async () => {
    app = await createTestApp();
    url = (await app.start(0)).url;
    admin = createArbiterClient({ url, token: await app.token(['admin']) });
    auditor = createArbiterClient({ url, token: async () => app.token(['auditor']) });
    await publishPolicy(app, await app.token(['admin']));
    evaluationId = (await admin.evaluate({ content: 'puppies for sale', policies: ['pets'], wait: true })).id;
    await copyVerdicts(app, decodeGlobalID(evaluationId).id, HISTORY - 1);
  }, 240_000);
  afterAll(async () => app.close());

  it('evaluates and reads back a typed evaluation', async () => {
    const evaluation = await admin.evaluate({ content: 'puppies for sale', policies: ['pets'], wait: true });
    expect(evaluation).toMatchObject({ status: 'DECIDED', escalationReasons: [], policyVersions: [{ version: 1, policy: { slug: 'pets' } }] });
    expect(evaluation.finalVerdicts.map((v) => [v.stage, v.label, v.ruleIds])).toEqual([['TRIAGE', 'VIOLATING', ['PT1.a']]]);
    expect(await admin.evaluation(evaluation.id)).toEqual(evaluation);
  });

  it('throws ArbiterError with the stable code of a typed payload error, a GraphQL error, or no token', async () => {
    await expect(admin.evaluate({ content: 'x', policies: ['nonexistent'] })).rejects.toMatchObject({ name: 'ArbiterError', code: 'NOT_FOUND' });
    await expect(admin.evaluate({ content: 'x', policies: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ path: 'policies', line: null, message: 'is empty' }] });
    await expect(admin.evaluation('not-an-id')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(createArbiterClient({ url }).evaluation(evaluationId)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(createArbiterClient({ url: 'http://127.0.0.1:9/graphql' }).evaluation(evaluationId)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    const error = await admin.evaluation('not-an-id').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArbiterError);
  });

  it('walks every page of a large history: each decision once, as many as totalCount', async () => {
    const total = await auditor.countDecisions({ policySlug: 'pets' });
    expect(total).toBeGreaterThanOrEqual(HISTORY);
    for (const pageSize of [500, 137]) {
      const ids: string[] = [];
      for await (const verdict of auditor.decisions({ policySlug: 'pets' }, { pageSize })) ids.push(verdict.id);
      expect({ pageSize, count: ids.length, distinct: new Set(ids).size }).toEqual({ pageSize, count: total, distinct: total });
    }
  }, 180_000);

  it('serves a 500-row decisions page with the typical auditor selection within the cost limit', async () => {
    const page = await auditor.request(documents.DecisionsDocument, { filter: {}, first: 500 });
    expect(page.decisions.edges).toHaveLength(500);
    expect(page.decisions.pageInfo.hasNextPage).toBe(true);
    const cost = operationCost(buildSchema(), documents.DecisionsDocument, { first: 500 });
    expect(cost).toBeLessThanOrEqual(app.config.limits.maxCost);
  }, 120_000);

  it('refuses an operation over the cost limit with QUERY_TOO_COMPLEX, counting a page size given as a variable', async () => {
    const nested = 'evaluation { verdicts { evaluation { verdicts { evaluation { verdicts { id hash } } } } } }';
    const heavy = parse(`query($n: Int) { decisions(filter: {}, first: $n) { edges { node { ${nested} } } } }`) as TypedDocumentNode<unknown, { n: number }>;
    await expect(auditor.request(heavy, { n: 500 })).rejects.toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    // The same document with a small page fits (not run: every copy shares one evaluation, 640 × 640 rows).
    expect(operationCost(buildSchema(), heavy, { n: 2 })).toBeLessThanOrEqual(app.config.limits.maxCost);
    expect(operationCost(buildSchema(), heavy, { n: 500 })).toBeGreaterThan(app.config.limits.maxCost);
    const result = await app.gql(`{ decisions(filter: {}, first: 500) { edges { node { ${nested} } } } }`, {}, await app.token(['auditor']));
    expect(result).toMatchObject({ status: 400, errors: [{ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost' } }] });
    expect(result.errors?.[0].message).not.toMatch(/Syntax Error/);
  });

  it('reports the depth and alias limits with QUERY_TOO_COMPLEX too', async () => {
    const token = await app.token(['auditor']);
    const deep = `{ evaluation(id: "${evaluationId}") { ${'verdicts { evaluation { '.repeat(6)}id${' } }'.repeat(6)} } }`;
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: evaluators { name }`).join(' ')} }`;
    for (const [query, limit] of [[deep, 'depth'], [aliases, 'aliases']] as const) {
      const result = await app.gql(query, {}, token);
      expect(result.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit })]);
    }
  });

  it('answers a malformed cursor or id with VALIDATION_FAILED, never INTERNAL_SERVER_ERROR', async () => {
    const token = await app.token(['auditor']);
    const garbage = [Buffer.from('["not a date","x"]').toString('base64url'), Buffer.from('[1,"00000000-0000-0000-0000-000000000000"]').toString('base64url'), 'a'.repeat(2000), '%%%'];
    for (const after of garbage) {
      const result = await app.gql('query($after: String) { decisions(filter: {}, first: 1, after: $after) { totalCount } }', { after }, token);
      expect(result.errors?.map((e) => e.extensions.code)).toEqual(['VALIDATION_FAILED']);
    }
    const badId = await app.gql('{ decisions(filter: { policyVersionId: "garbage" }) { totalCount } }', {}, token);
    expect(badId.errors?.map((e) => e.extensions.code)).toEqual(['VALIDATION_FAILED']);
  });
});

/** Appends `count` copies of an evaluation's verdict to the tenant's chain: a large decision history. */
async function copyVerdicts(app: TestApp, evaluationId: string, count: number): Promise<void> {
  const db = app.database.db;
  const template = await db.selectFrom('verdicts').selectAll().where('evaluation_id', '=', evaluationId).executeTakeFirstOrThrow();
  const { id: _id, chain_seq: _seq, prev_hash: _prev, hash: _hash, created_at: _at, ...fields } = template;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i += 1) await appendVerdict(trx, { ...fields, findings: fields.findings as unknown as { code: string; message: string }[], rationale: `copy ${i}` });
  });
}
