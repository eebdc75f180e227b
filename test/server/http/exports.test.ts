import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../server/auth/roles.js';
import { verifyExportText } from '../../../server/domain/audit/offline.js';
import { trustedKey } from '../../../server/domain/audit/signing.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../helpers/evaluate.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';
import { collect, wsClient } from '../../helpers/ws-client.js';

const SECRET = 'SECRET-CHAIN-OF-THOUGHT';
const VERDICT = `id stage label policyCategory ruleIds confidence severity recommendedAction rationale reasoning reasoningSha256
  effort usage latencyMs triageScore evaluator evaluatorIdentity findings { code message } reviewer
  supersedes { id } createdAt chainSeq prevHash hash evaluation { id } policyVersion { id version policy { id slug } }`;
const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;

describe(`exports (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  let evaluationId: string;
  let verdictId: string;
  let dir: string;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    const { evaluator } = scriptedReasoner({ reasoning: [SECRET, ' and more'], label: 'VIOLATING', ruleIds: ['PT1.a'], confidence: 'high', rationale: 'sells a kitten' });
    app = await createTestApp({}, {}, [evaluator]);
    admin = await app.token(['admin']);
    for (const role of ROLES) tokens[role] = await app.token([role]);
    await publishPolicy(app, admin);
    await evaluateAndWait(app, admin, { content: 'puppies for sale', policies: ['pets'] });
    const reasoned = await evaluateAndWait(app, admin, { content: 'a kitten, twenty dollars, message me', policies: ['pets'] }, 'id status error escalationReasons verdicts { id stage }');
    evaluationId = reasoned.id;
    verdictId = reasoned.verdicts.find((v: { stage: string }) => v.stage === 'REASONING').id;
    await app.gql('mutation { createAuditCheckpoint { checkpoints { seq } } }', {}, admin);
    dir = await mkdtemp(join(tmpdir(), 'arbiter-audit-'));
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = (path: string, token: string | null) => app.yoga.fetch(`http://localhost${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const lines = async (response: Response) => (await response.text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  async function graphqlDecisions(filter: Record<string, unknown>) {
    const result = await app.gql(`query($f: DecisionFilter!) { decisions(filter: $f, first: 20) { edges { node { ${VERDICT} } } } }`, { f: filter }, tokens.auditor);
    return result.data.decisions.edges.map((e: { node: unknown }) => e.node);
  }

  it('walks every entry point that returns verdicts: chain of thought only for reviewer, auditor and admin', async () => {
    const entryPoints: Record<string, (token: string) => Promise<{ status: number; body: string }>> = {
      decisions: (t) => gqlText(`{ decisions(filter: {}) { edges { node { reasoning } } } }`, t),
      'evaluation.verdicts': (t) => gqlText(`query($id: ID!) { evaluation(id: $id) { verdicts { reasoning } } }`, t, { id: evaluationId }),
      finalVerdicts: (t) => gqlText(`query($id: ID!) { evaluation(id: $id) { finalVerdicts { reasoning } } }`, t, { id: evaluationId }),
      'node(id)': (t) => gqlText(`query($id: ID!) { node(id: $id) { ... on Verdict { reasoning } } }`, t, { id: verdictId }),
      'decisions.ndjson': async (t) => text(await get('/exports/decisions.ndjson?policy=pets', t)),
      'audit.ndjson': async (t) => text(await get('/exports/audit.ndjson', t)),
      evaluationEvents: (t) => subscriptionText(t),
    };
    const seen: Record<string, Record<string, string>> = {};
    for (const role of ROLES) {
      seen[role] = {};
      for (const [name, call] of Object.entries(entryPoints)) {
        const { status, body } = await call(tokens[role]);
        seen[role][name] = status === 403 || body.includes('"FORBIDDEN"') ? 'forbidden' : body.includes(SECRET) ? 'cot' : 'no cot';
      }
    }
    const all = (value: string) => Object.fromEntries(Object.keys(entryPoints).map((k) => [k, value]));
    expect(seen).toEqual({
      admin: all('cot'), reviewer: all('cot'), auditor: all('cot'), policy_author: all('no cot'),
      service: { ...all('no cot'), decisions: 'forbidden', 'decisions.ndjson': 'forbidden', 'audit.ndjson': 'forbidden' },
    });
  }, 120_000);

  async function gqlText(query: string, token: string, variables: Record<string, unknown> = {}) {
    const body = JSON.stringify({ query, variables });
    return text(await app.yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }));
  }
  async function subscriptionText(token: string) {
    const { url } = await started();
    const client = wsClient(url, token);
    try {
      const events = await collect(client, `subscription($id: ID!) { evaluationEvents(evaluationId: $id, afterSeq: 0) {
        __typename ... on ReasoningDelta { text } ... on VerdictReached { verdict { reasoning } } } }`, { id: evaluationId });
      return { status: 200, body: JSON.stringify(events) };
    } finally {
      await client.dispose();
    }
  }
  let listening: Promise<{ url: string }> | null = null;
  const started = () => (listening ??= app.start(0));
  async function text(response: Response) {
    return { status: response.status, body: await response.text() };
  }

  it('exports lines shaped exactly like the GraphQL Verdict, for every filter', async () => {
    const filters: [string, Record<string, unknown>][] = [
      ['policy=pets', { policySlug: 'pets' }],
      ['policy=pets&version=1&stage=REASONING', { policySlug: 'pets', version: 1, stage: 'REASONING' }],
      ['label=VIOLATING', { label: 'VIOLATING' }],
      ['stage=TRIAGE', { stage: 'TRIAGE' }],
      [`from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`, { from: new Date(Date.now() - 3_600_000).toISOString() }],
      [`to=${encodeURIComponent('2000-01-01T00:00:00Z')}`, { to: '2000-01-01T00:00:00Z' }],
    ];
    for (const [query, filter] of filters) {
      const response = await get(`/exports/decisions.ndjson?${query}`, tokens.auditor);
      expect(response.status).toBe(200);
      expect(await lines(response)).toEqual(await graphqlDecisions(filter));
    }
    const reasoning = await lines(await get('/exports/decisions.ndjson?stage=REASONING', tokens.auditor));
    expect(reasoning).toHaveLength(1);
    expect(Object.keys(reasoning[0]).filter((k) => k.includes('_') || k === 'tenantId')).toEqual([]);
    expect(reasoning[0]).toMatchObject({ id: verdictId, stage: 'REASONING', ruleIds: ['PT1.a'], evaluation: { id: evaluationId }, policyVersion: { version: 1, policy: { slug: 'pets' } } });
  });

  it('answers 404 for an unknown policy or version and 400 for a bad filter, as JSON', async () => {
    const cases = { 'policy=nope': [404, 'NOT_FOUND'], 'policy=pets&version=7': [404, 'NOT_FOUND'], 'policy=pets&version=x': [400, 'VALIDATION_FAILED'],
      'label=MAYBE': [400, 'VALIDATION_FAILED'], 'from=yesterday': [400, 'VALIDATION_FAILED'] } as const;
    for (const [query, [status, code]] of Object.entries(cases)) {
      const response = await get(`/exports/decisions.ndjson?${query}`, tokens.auditor);
      expect({ query, status: response.status, type: response.headers.get('content-type'), code: (await response.json()).errors[0].extensions.code })
        .toEqual({ query, status, type: 'application/json', code });
    }
    expect((await get('/exports/decisions.ndjson', null)).status).toBe(401);
  });

  it('masks a database failure: JSON, no stack, no SQL', async () => {
    await sql`alter table verdicts rename to verdicts_away`.execute(app.database.db);
    try {
      for (const path of ['/exports/decisions.ndjson?policy=pets', '/exports/audit.ndjson']) {
        const response = await get(path, tokens.auditor);
        const body = await response.text();
        expect({ status: response.status, body: JSON.parse(body) }).toEqual({ status: 500, body: { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
        expect(body).not.toMatch(/verdicts|relation|\bat\b/);
      }
    } finally {
      await sql`alter table verdicts_away rename to verdicts`.execute(app.database.db);
    }
  });

  it('exports the chain so that it verifies offline, and fails after any one changed character', async () => {
    const pem = await (await get('/exports/audit-public-key.pem', null)).text();
    const exported = await (await get('/exports/audit.ndjson', tokens.auditor)).text();
    const keys = [await trustedKey(pem)];
    const keyId = (await app.gql('{ auditPublicKey { keyId } }', {}, tokens.auditor)).data.auditPublicKey.keyId;
    expect(keys[0]!.keyId).toBe(keyId);
    expect(await verifyExportText(exported, keys)).toMatchObject({ valid: true, problems: [] });
    // Every character matters: the end line signs the digest of all before it.
    await fc.assert(fc.asyncProperty(fc.nat({ max: exported.length - 2 }), async (at) => {
      const original = exported[at]!;
      const changed = `${exported.slice(0, at)}${original === 'a' ? 'b' : 'a'}${exported.slice(at + 1)}`;
      expect((await verifyExportText(changed, keys)).valid).toBe(false);
    }), { numRuns: 40 });
  });

  it('verifies with `arbiter audit verify`: exit 0 valid, 1 after a changed record, 2 for usage', async () => {
    const pemFile = join(dir, 'key.pem');
    await writeFile(pemFile, await (await get('/exports/audit-public-key.pem', null)).text());
    const exported = await (await get('/exports/audit.ndjson', tokens.policy_author)).text();
    expect(exported).not.toContain(SECRET);
    const good = join(dir, 'good.ndjson');
    await writeFile(good, exported);
    const bad = join(dir, 'bad.ndjson');
    await writeFile(bad, exported.replace('"label":"VIOLATING"', '"label":"VIOLATINF"'));
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'audit', ...args], { cwd: root }).then(
      ({ stdout }) => ({ code: 0, out: stdout }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));
    const valid = await cli('verify', good, '--public-key', pemFile);
    expect(valid.code).toBe(0);
    expect(valid.out).toMatch(/verdicts: \d+ links, head \d+, 1 signed checkpoint\(s\)[\s\S]*valid/);
    const invalid = await cli('verify', bad, '--public-key', pemFile);
    expect(invalid.code).toBe(1);
    expect(invalid.out).toContain('INVALID');
    expect((await cli('verify', good)).code).toBe(2);
    expect((await cli('--help')).code).toBe(0);
  }, 120_000);
});
