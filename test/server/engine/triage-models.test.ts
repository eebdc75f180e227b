import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../../server/domain/datasets/service.js';
import { ensureTenant } from '../../../server/domain/tenants/repository.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../helpers/evaluate.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';
import { collect, wsClient } from '../../helpers/ws-client.js';

const SELLING = ['kittens', 'a parrot', 'two rabbits', 'a husky pup', 'hamsters', 'a pony', 'ferrets', 'goldfish', 'a cockatoo', 'guinea pigs'];
const PRICES = ['50 dollars', 'cheap', 'best offer', '200 each', 'cash only'];
const CALM = ['my cat naps in the sun', 'walked the dog by the lake', 'the vet said he is healthy', 'our rabbit loves carrots', 'cleaned the fish tank today'];
const DAYS = ['this morning', 'yesterday', 'on sunday', 'after work', 'again'];

/** A small labelled dataset: sale offers (1) against everyday pet talk (0). */
function petDataset() {
  const items = [];
  for (const animal of SELLING) for (const price of PRICES) items.push({ content: `selling ${animal} ${price}, dm me to buy`, labels: { sale: 1 }, provenance: { source: 'test' } });
  for (const line of CALM) for (const day of DAYS) for (const n of [1, 2]) items.push({ content: `${line} ${day} ${'!'.repeat(n)}`, labels: { sale: 0 }, provenance: { source: 'test' } });
  return items;
}

describe(`triage models (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  let url: string;
  const reasoner = scriptedReasoner((input) => ({ label: /sell|buy/.test(input.content) ? 'VIOLATING' : 'NON_VIOLATING', ruleIds: /sell|buy/.test(input.content) ? ['PT1.a'] : [], rationale: 'scripted' }));
  beforeAll(async () => {
    app = await createTestApp({}, {}, [reasoner.evaluator]);
    url = (await app.start(0)).url;
    admin = await app.token(['admin']);
    await publishPolicy(app, admin, { thresholds: false, match: 'zzz never matches' });
    const tenantId = await ensureTenant(app.database.db, 'acme');
    await importDataset({ db: app.database.db, tenantId, actor: 'test' }, { name: 'pets-sales', items: petDataset() });
  });
  afterAll(async () => app.close());

  async function trainAndFollow(input: Record<string, unknown>) {
    const started = await app.gql(`mutation($i: TrainTriageModelInput!) { trainTriageModel(input: $i) { __typename
      ... on TrainTriageModelSuccess { model { id status version } } ... on Error { code message } } }`, { i: input }, admin);
    const model = started.data.trainTriageModel.model;
    const client = wsClient(url, admin);
    const progress = (await collect(client, 'subscription($id: ID!) { triageModelTraining(id: $id) { phase epoch epochs } }', { id: model.id })).map((r) => r.data!.triageModelTraining);
    await client.dispose();
    return { model, progress };
  }

  it('trains from a dataset with progress, stores it versioned with metrics, and activates it', async () => {
    const { model, progress } = await trainAndFollow({ policySlug: 'pets', dataset: 'pets-sales', labelKey: 'sale', seed: 7, activate: true, ruleIds: ['PT1.a'] });
    expect(model).toMatchObject({ status: 'TRAINING', version: 1 });
    expect(progress.at(-1)).toEqual({ phase: 'ready', epoch: 0, epochs: 0 });
    const models = await app.gql(`{ triageModels(policySlug: "pets") { version status active stale onnxSha256 trainingSource metrics policyVersion { version } } }`, {}, admin);
    const [stored] = models.data.triageModels;
    expect(stored).toMatchObject({ version: 1, status: 'READY', active: true, stale: false, onnxSha256: expect.stringMatching(/^[0-9a-f]{64}$/), policyVersion: { version: 1 },
      trainingSource: { kind: 'dataset', dataset: 'pets-sales', labelKey: 'sale', items: 100, seed: 7, targetRecall: 0.95, ruleIds: ['PT1.a'] } });
    expect(stored.metrics).toMatchObject({ precision: expect.any(Number), recall: expect.any(Number), f1: expect.any(Number), auroc: expect.any(Number), routedFraction: expect.any(Number) });
    expect(stored.metrics.prCurve.length).toBeGreaterThan(2);
    expect(stored.metrics.prCurve[0]).toEqual({ threshold: expect.any(Number), precision: expect.any(Number), recall: expect.any(Number) });
    expect(stored.metrics.f1).toBeGreaterThan(0.9);
  });

  it('settles clear-safe and clear-violating items at triage without calling the reasoner', async () => {
    const calls = reasoner.calls.length;
    const safe = await evaluateAndWait(app, admin, { content: 'walked the dog by the lake this morning !', policies: ['pets'] }, 'status finalVerdicts { stage label evaluator triageScore }');
    expect(safe).toMatchObject({ status: 'DECIDED', finalVerdicts: [{ stage: 'TRIAGE', label: 'NON_VIOLATING', evaluator: 'triage-rules+triage-onnx' }] });
    expect(safe.finalVerdicts[0].triageScore).toBeLessThan(0.5);
    const sale = await evaluateAndWait(app, admin, { content: 'selling kittens cheap, dm me to buy', policies: ['pets'] }, 'status finalVerdicts { stage label ruleIds }');
    expect(sale).toMatchObject({ status: 'DECIDED', finalVerdicts: [{ stage: 'TRIAGE', label: 'VIOLATING', ruleIds: ['PT1.a'] }] });
    expect(reasoner.calls.length).toBe(calls);
  });

  it('flags the model stale when the policy publishes a new version', async () => {
    await publishPolicy(app, admin, { thresholds: false, match: 'zzz never matches', extraRule: true });
    const models = await app.gql('{ triageModels(policySlug: "pets") { version stale } }', {}, admin);
    expect(models.data.triageModels).toEqual([{ version: 1, stale: true }]);
  });

  it('learns from logged decisions when no dataset is given', async () => {
    const { id } = (await app.gql('{ triageModels(policySlug: "pets") { id } }', {}, admin)).data.triageModels[0];
    await app.gql('mutation($id: ID!) { deactivateTriageModel(id: $id) { __typename } }', { id }, admin);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    for (const item of petDataset().filter((_, i) => i % 3 === 0)) await evaluateAndWait(app, admin, { content: item.content, policies: ['pets'] });
    const { progress } = await trainAndFollow({ policySlug: 'pets', seed: 3 });
    expect(progress.at(-1)?.phase).toBe('ready');
    const latest = (await app.gql('{ triageModels(policySlug: "pets") { version active trainingSource } }', {}, admin)).data.triageModels[0];
    expect(latest).toEqual({ version: 2, active: false, trainingSource: { kind: 'decisions', policySlug: 'pets', labelKey: 'violation', items: 34, human: 0, reasoner: 34, seed: 3, targetRecall: 0.95, ruleIds: [] } });
  });

  it('refuses training for an unknown dataset with a typed error', async () => {
    const result = await app.gql(`mutation { trainTriageModel(input: { policySlug: "pets", dataset: "nope" }) { __typename ... on Error { code } } }`, {}, admin);
    expect(result.data.trainTriageModel).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });
});
