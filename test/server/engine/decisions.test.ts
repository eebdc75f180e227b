import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../helpers/evaluate.js';

const PAGE = `query($filter: DecisionFilter!, $after: String) { decisions(filter: $filter, first: 2, after: $after) {
  edges { node { id label stage ruleIds policyVersion { version } evaluation { id } } } pageInfo { hasNextPage endCursor } } }`;

describe(`decision history (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  let auditor: string;
  const v1Evaluations: string[] = [];
  const v2Evaluations: string[] = [];
  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.token(['admin']);
    auditor = await app.token(['auditor']);
    await publishPolicy(app, admin);
    for (let i = 0; i < 5; i += 1) v1Evaluations.push((await evaluateAndWait(app, admin, { content: `puppies for sale #${i}`, policies: ['pets'] })).id);
    await publishPolicy(app, admin, { extraRule: true });
    for (let i = 0; i < 3; i += 1) v2Evaluations.push((await evaluateAndWait(app, admin, { content: `puppies for sale again #${i}`, policies: ['pets'] })).id);
  });
  afterAll(async () => app.close());

  async function allPages(filter: Record<string, unknown>) {
    const nodes: any[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await app.gql(PAGE, { filter, after }, auditor)).data.decisions;
      nodes.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
  }

  it('returns exactly the verdicts made under a policy version, page after page, newest first', async () => {
    const v1 = await allPages({ policySlug: 'pets', version: 1 });
    expect(v1.map((n) => n.evaluation.id)).toEqual([...v1Evaluations].reverse());
    expect(new Set(v1.map((n) => n.policyVersion.version))).toEqual(new Set([1]));
    const v2 = await allPages({ policySlug: 'pets', version: 2 });
    expect(v2.map((n) => n.evaluation.id)).toEqual([...v2Evaluations].reverse());
    expect(await allPages({ policySlug: 'pets' })).toHaveLength(8);
  });

  it('filters by rule, label, stage and time', async () => {
    expect(await allPages({ ruleId: 'PT1.a', label: 'VIOLATING', stage: 'TRIAGE' })).toHaveLength(8);
    expect(await allPages({ ruleId: 'PT1.b' })).toEqual([]);
    expect(await allPages({ label: 'NON_VIOLATING' })).toEqual([]);
    expect(await allPages({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await allPages({ policySlug: 'unknown' })).toEqual([]);
  });

  it("keeps the verdicts' hash chain intact", async () => {
    // 8 verdicts; 4 policy events and 8 evaluation submissions in the audit-event chain.
    expect((await app.gql('{ verifyAuditChain { ok checked } }', {}, auditor)).data.verifyAuditChain).toEqual({ ok: true, checked: 8 + 4 + 8 });
  });

  it('refuses UPDATE and DELETE of verdicts in the database itself', async () => {
    await expect(app.database.db.updateTable('verdicts').set({ label: 'NON_VIOLATING' }).execute()).rejects.toThrow(/append-only/);
    await expect(app.database.db.deleteFrom('verdicts').execute()).rejects.toThrow(/append-only/);
  });

  it('exports the decisions of a policy version as NDJSON', async () => {
    const response = await app.yoga.fetch('http://localhost/exports/decisions.ndjson?policy=pets&version=2', { headers: { authorization: `Bearer ${auditor}` } });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await response.text()).trim().split('\n').map((l) => JSON.parse(l));
    // Each line is a GraphQL Verdict: global ids, camelCase, no internal columns.
    expect(lines.map((l) => l.evaluation.id)).toEqual([...v2Evaluations].reverse());
    expect(lines[0]).toMatchObject({ stage: 'TRIAGE', label: 'VIOLATING', ruleIds: ['PT1.a'], hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(lines[0]).not.toHaveProperty('tenant_id');
    const forbidden = await app.yoga.fetch('http://localhost/exports/decisions.ndjson?policy=pets', { headers: { authorization: `Bearer ${await app.token(['service'])}` } });
    expect(forbidden.status).toBe(403);
  });

  it('keeps decisions away from a service token', async () => {
    const result = await app.gql(PAGE, { filter: {} }, await app.token(['service']));
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
