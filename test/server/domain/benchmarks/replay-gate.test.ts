import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { gqlOk, policyDependentScript, runBenchmark, waitForRun } from '../../../helpers/benchmarks.js';
import { testEngine } from '../../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../../helpers/evaluate.js';
import { type ModelServer, startModelServer } from '../../../helpers/model-servers/index.js';
import { policyDocument } from '../../../helpers/policies.js';

const CONTENT = ['Parrot for sale, cheap', 'My parrot says hello every morning', 'My dog sleeps all day', 'A talking parrot named Kiwi'];
const gated = (gate: string) => policyDocument({ extraRule: true }).replace('review: { min_severity: 4 }', `review: { min_severity: 4 }\ngate: ${gate}`);

describe(`replay and the publish gate (${testEngine})`, () => {
  let model: ModelServer;
  let app: TestApp;
  let admin: string;
  beforeAll(async () => {
    model = await startModelServer({ flavour: 'vllm', model: 'm', script: (request) => policyDependentScript(request.body) });
    app = await createTestApp({}, { SAFEGUARD_URL: model.url, SAFEGUARD_MODEL: 'm', ARBITER_RETRY_LIMIT: '0' });
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
    for (const content of CONTENT) await evaluateAndWait(app, admin, { content, policies: ['pets'] });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await model?.close();
  });

  const history = async () => ({
    verdicts: Number((await app.database.db.selectFrom('verdicts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    heads: await app.database.db.selectFrom('chain_heads').selectAll().orderBy('chain').execute(),
    chain: (await gqlOk(app, admin, `{ verifyAuditChain { ok checked } }`)).verifyAuditChain,
  });

  it('replays a draft over real decisions: flips are the blast radius, the decision history is untouched', async () => {
    const draft = await gqlOk(app, admin, `mutation($i: CreatePolicyVersionInput!) { createPolicyVersion(input: $i) { ... on CreatePolicyVersionSuccess { version { id } } } }`,
      { i: { slug: 'pets', content: policyDocument({ extraRule: true }) } });
    const before = await history();
    const started = await gqlOk(app, admin, `mutation($i: ReplayPolicyVersionInput!) { replayPolicyVersion(input: $i) { ... on ReplayPolicyVersionSuccess { run { id kind status total } } ... on Error { code message } } }`,
      { i: { versionId: draft.createPolicyVersion.version.id, limit: 10 } });
    expect(started.replayPolicyVersion.run).toMatchObject({ kind: 'REPLAY', status: 'QUEUED', total: CONTENT.length });
    const run = await waitForRun(app, admin, started.replayPolicyVersion.run.id, 'done items(first: 10, mismatchedOnly: true) { edges { node { evaluationContent evaluation { status } predicted expected } } }');
    expect(run).toMatchObject({ status: 'SUCCEEDED', done: CONTENT.length });
    // Standing verdicts say parrots without a sale are fine; the draft's PT1.c flips exactly those.
    expect(run.items.edges.map((e: any) => e.node.evaluationContent).sort()).toEqual(['A talking parrot named Kiwi', 'My parrot says hello every morning']);
    expect(run.items.edges[0].node).toMatchObject({ evaluation: { status: 'DECIDED' }, predicted: { pets: 1 }, expected: { pets: 0 } });
    expect(await history()).toEqual(before);
  });

  it('blocks a publish until a finished run on the dataset meets min_f1', async () => {
    await gqlOk(app, admin, `mutation { createDataset(input: { name: "gate-set" }) { __typename } }`);
    await gqlOk(app, admin, `mutation($i: AddDatasetItemsInput!) { addDatasetItems(input: $i) { __typename } }`, { i: { dataset: 'gate-set', items: [
      { content: 'Exotic parrot breeding pair', labels: { pets: 1 } }, { content: 'Puppies for sale', labels: { pets: 1 } }, { content: 'My dog sleeps', labels: { pets: 0 } },
    ] } });
    const created = await gqlOk(app, admin, `mutation($i: CreatePolicyVersionInput!) { createPolicyVersion(input: $i) { ... on CreatePolicyVersionSuccess { version { id version } } } }`,
      { i: { slug: 'pets', content: gated('{ dataset: gate-set, min_f1: 0.9 }') } });
    const { id, version } = created.createPolicyVersion.version;
    const publish = () => gqlOk(app, admin, `mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename ... on GateFailedError { code message run { id } }
      ... on PublishPolicyVersionSuccess { version { status } } } }`, { id });
    expect((await publish()).publishPolicyVersion).toMatchObject({ __typename: 'GateFailedError', code: 'GATE_FAILED', run: null });
    const run = await runBenchmark(app, admin, { dataset: 'gate-set', policies: [`pets@${version}`] }, 'id metrics { f1 }');
    expect(run.metrics[0].f1).toBe(1);
    // A later add makes the dataset's current version one no run has seen.
    await gqlOk(app, admin, `mutation($i: AddDatasetItemsInput!) { addDatasetItems(input: $i) { __typename } }`, { i: { dataset: 'gate-set', items: [{ content: 'My parrot talks', labels: { pets: 0 } }] } });
    expect((await publish()).publishPolicyVersion).toMatchObject({ code: 'GATE_FAILED', run: null });
    const rerun = await runBenchmark(app, admin, { dataset: 'gate-set', policies: [`pets@${version}`] }, 'id metrics { f1 }');
    expect(rerun.metrics[0].f1).toBeCloseTo(0.8, 12);
    expect((await publish()).publishPolicyVersion).toMatchObject({ code: 'GATE_FAILED', run: { id: rerun.id } });
    const lenient = await gqlOk(app, admin, `mutation($i: CreatePolicyVersionInput!) { createPolicyVersion(input: $i) { ... on CreatePolicyVersionSuccess { version { id version } } } }`,
      { i: { slug: 'pets', content: gated('{ dataset: gate-set, min_f1: 0.75 }') } });
    const next = lenient.createPolicyVersion.version;
    await runBenchmark(app, admin, { dataset: 'gate-set', policies: [`pets@${next.version}`] });
    const ok = await gqlOk(app, admin, `mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename ... on PublishPolicyVersionSuccess { version { status } } } }`, { id: next.id });
    expect(ok.publishPolicyVersion).toEqual({ __typename: 'PublishPolicyVersionSuccess', version: { status: 'PUBLISHED' } });
  });
});
