import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { gqlOk, policyDependentScript, runBenchmark } from '../../../helpers/benchmarks.js';
import { testEngine } from '../../../helpers/database.js';
import { publishPolicy } from '../../../helpers/evaluate.js';
import { type ModelServer, startModelServer } from '../../../helpers/model-servers/index.js';
import { policyDocument } from '../../../helpers/policies.js';

// content, labels, and what each version's text makes the model answer (1 violating, 0 not).
const ITEMS = [
  { content: 'Puppies for sale, $300 each', labels: { pets: 1, 'pets:PT1.a': 1 }, v1: 1, v2: 1 },
  { content: 'Parrot for sale, cheap', labels: { pets: 1 }, v1: 1, v2: 1 },
  { content: 'My parrot says hello every morning', labels: { pets: 0 }, v1: 0, v2: 1 },
  { content: 'Exotic parrot breeding pair, DM me', labels: { pets: 1, 'pets:PT1.c': 1 }, v1: 0, v2: 1 },
  { content: 'My dog sleeps all day', labels: { pets: 0 }, v1: 0, v2: 0 },
  { content: 'Garage sale: dog toys and a crate', labels: { pets: 0 }, v1: 1, v2: 1 },
] as const;

/** The confusion counts and scores, computed here from the table above and nothing else. */
function expectedScores(predicted: readonly number[]) {
  const truth = ITEMS.map((i) => i.labels.pets);
  const count = (p: number, t: number) => predicted.filter((x, k) => x === p && truth[k] === t).length;
  const [tp, fp, tn, fn] = [count(1, 1), count(1, 0), count(0, 0), count(0, 1)];
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return { tp, fp, tn, fn, precision, recall, f1: (2 * precision * recall) / (precision + recall), accuracy: (tp + tn) / ITEMS.length };
}

const RUN = `id status done total error tokens latencyP50Ms latencyP95Ms multiPolicyAccuracy selfConsistency repeats strategy effort datasetVersion
  cost { effort items tokens tokensPerItem cascade { routedFraction reasonerCallsSaved tokensSaved triageAccuracy } }
  metrics { labelKey policyVersion { version } tp fp tn fn uncertain precision recall f1 accuracy perRule { ruleId support tp fp fn precision recall f1 } }
  items(first: 12) { totalCount edges { node { predicted latencyMs } } }`;

describe(`benchmark runs against a model server (${testEngine})`, () => {
  let model: ModelServer;
  let app: TestApp;
  let author: string;
  let reviewer: string;
  let v2: string;
  beforeAll(async () => {
    model = await startModelServer({ flavour: 'vllm', model: 'gpt-oss-safeguard-20b', script: (request) => policyDependentScript(request.body) });
    app = await createTestApp({}, { SAFEGUARD_URL: model.url, SAFEGUARD_MODEL: 'gpt-oss-safeguard-20b', ARBITER_RETRY_LIMIT: '0' });
    author = await app.token(['policy_author']);
    reviewer = await app.token(['reviewer']);
    await publishPolicy(app, author);
    const draft = await gqlOk(app, author, `mutation($i: CreatePolicyVersionInput!) { createPolicyVersion(input: $i) { ... on CreatePolicyVersionSuccess { version { id } } } }`,
      { i: { slug: 'pets', content: policyDocument({ extraRule: true }) } });
    v2 = draft.createPolicyVersion.version.id;
    await gqlOk(app, author, `mutation { createDataset(input: { name: "pets-set" }) { __typename } }`);
    const added = await gqlOk(app, author, `mutation($i: AddDatasetItemsInput!) { addDatasetItems(input: $i) { ... on AddDatasetItemsSuccess { added dataset { version } } } }`,
      { i: { dataset: 'pets-set', items: ITEMS.map(({ content, labels }) => ({ content, labels })) } });
    expect(added.addDatasetItems).toEqual({ added: 6, dataset: { version: 1 } });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await model?.close();
  });

  for (const [ref, key] of [['pets@1', 'v1'], ['pets@2', 'v2']] as const) {
    it(`scores ${ref} (${key === 'v2' ? 'a DRAFT' : 'published'}) exactly as an independent count does`, async () => {
      const run = await runBenchmark(app, author, { dataset: 'pets-set', policies: [ref], effort: 'LOW' }, RUN);
      const predicted = ITEMS.map((i) => i[key]);
      expect(run).toMatchObject({ status: 'SUCCEEDED', done: 6, total: 6, error: null, repeats: 1, effort: 'LOW', datasetVersion: 1, selfConsistency: null });
      expect(run.metrics).toHaveLength(1);
      const { perRule, policyVersion, labelKey, ...scores } = run.metrics[0];
      expect({ labelKey, version: policyVersion.version }).toEqual({ labelKey: 'pets', version: key === 'v1' ? 1 : 2 });
      const expected = expectedScores(predicted);
      expect({ ...scores, precision: round(scores.precision), recall: round(scores.recall), f1: round(scores.f1) })
        .toEqual({ ...expected, uncertain: 0, precision: round(expected.precision), recall: round(expected.recall), f1: round(expected.f1) });
      expect(run.multiPolicyAccuracy).toBeCloseTo(expected.accuracy, 12);
      // Tokens: the model double reports 300 prompt tokens plus 40 (PT1.c), 30 (PT1.a) or 20 (no violation).
      const tokens = ITEMS.reduce((sum, i) => sum + 300 + (i[key] === 0 ? 20 : key === 'v2' && i.content.includes('parrot') && !i.content.includes('sale') ? 40 : 30), 0);
      expect(run.tokens).toBe(tokens);
      // The policy's rule match ("puppies for sale", on_match: decide) settles item 1 at triage: one reasoner call of 330 tokens saved.
      expect(run.cost).toEqual({ effort: 'LOW', items: 6, tokens, tokensPerItem: tokens / 6, cascade: { routedFraction: 1 / 6, reasonerCallsSaved: 1, tokensSaved: 330, triageAccuracy: 1 } });
      const latencies = run.items.edges.map((e: any) => e.node.latencyMs).sort((a: number, b: number) => a - b);
      expect([run.latencyP50Ms, run.latencyP95Ms]).toEqual([latencies[2], latencies[5]]);
      expect(run.items.edges.map((e: any) => e.node.predicted.pets)).toEqual(predicted);
      expect(model.chatRequests().at(-1)!.body.reasoning_effort).toBe('low');
    });
  }

  it('reports per-rule precision and recall from rule-level labels', async () => {
    const run = await runBenchmark(app, author, { dataset: 'pets-set', policies: ['pets@2'] }, RUN);
    const rule = (id: string) => run.metrics[0].perRule.find((r: any) => r.ruleId === id);
    // PT1.c is cited on items 3 (labelled not violating) and 4 (labelled PT1.c): one right, one wrong.
    expect(rule('PT1.c')).toEqual({ ruleId: 'PT1.c', support: 1, tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1, f1: 2 / 3 });
    // PT1.a is cited on items 1, 2 (violating) and 6 (not); item 1 carries the rule label.
    expect(rule('PT1.a')).toEqual({ ruleId: 'PT1.a', support: 2, tp: 2, fp: 1, fn: 0, precision: 2 / 3, recall: 1, f1: 0.8 });
    expect(rule('PT1.b')).toEqual({ ruleId: 'PT1.b', support: 0, tp: 0, fp: 0, fn: 0, precision: null, recall: null, f1: null });
  });

  it('runs several versions per policy call, with multi-policy accuracy and self-consistency over repeats', async () => {
    const run = await runBenchmark(app, author, { dataset: 'pets-set', policies: ['pets@1', 'pets@2'], strategy: 'per-policy', repeats: 2 }, RUN);
    const bothRight = ITEMS.filter((i) => i.v1 === i.labels.pets && i.v2 === i.labels.pets).length;
    expect(run).toMatchObject({ status: 'SUCCEEDED', done: 12, total: 12, strategy: 'per-policy', repeats: 2, selfConsistency: 1 });
    expect(run.multiPolicyAccuracy).toBeCloseTo(bothRight / ITEMS.length, 12);
    expect(run.metrics.map((m: any) => m.f1)).toEqual([expectedScores(ITEMS.map((i) => i.v1)).f1, expectedScores(ITEMS.map((i) => i.v2)).f1].map((f) => expect.closeTo(f, 12)));
  });

  it('pages only mismatched items, and shows reasoning to a reviewer but not to a policy author', async () => {
    const run = await runBenchmark(app, author, { dataset: 'pets-set', policies: ['pets@1'] });
    const page = `query($id: ID!) { benchmarkRun(id: $id) { items(first: 1, mismatchedOnly: true) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { evaluationContent predictions { reasoning } } } } } }`;
    const asAuthor = await gqlOk(app, author, page, { id: run.id });
    const asReviewer = await gqlOk(app, reviewer, page, { id: run.id });
    const wrong = ITEMS.filter((i) => i.v1 !== i.labels.pets).map((i) => i.content);
    expect(asAuthor.benchmarkRun.items).toMatchObject({ totalCount: wrong.length, pageInfo: { hasNextPage: true }, edges: [{ node: { evaluationContent: wrong[0], predictions: [{ reasoning: null }] } }] });
    expect(asReviewer.benchmarkRun.items.edges[0].node.predictions[0].reasoning).toMatch(/No rule applies|It violates/);
  });

  it('lists exactly the flipped items with both rationales, with McNemar\'s exact p-value', async () => {
    const base = await runBenchmark(app, author, { dataset: 'pets-set', policies: ['pets@1'] });
    const candidate = await runBenchmark(app, author, { dataset: 'pets-set', policies: ['pets@2'] });
    const { compareBenchmarkRuns: comparison } = await gqlOk(app, reviewer, `query($b: ID!, $c: ID!) { compareBenchmarkRuns(base: $b, candidate: $c) {
      f1Delta mcnemarPValue baseOnlyCorrect candidateOnlyCorrect flipped { content labelKey baseLabel candidateLabel baseRationale candidateRationale }
      perRule { ruleId f1Delta } } }`, { b: base.id, c: candidate.id });
    const flips = ITEMS.filter((i) => i.v1 !== i.v2);
    expect(comparison.flipped).toEqual(flips.map((i) => ({
      content: i.content, labelKey: 'pets', baseLabel: 'NON_VIOLATING', candidateLabel: 'VIOLATING',
      baseRationale: 'base: no offer and no harm.', candidateRationale: 'with-exotic: an exotic species is offered (PT1.c).',
    })));
    expect(comparison.f1Delta).toBeCloseTo(expectedScores(ITEMS.map((i) => i.v2)).f1 - expectedScores(ITEMS.map((i) => i.v1)).f1, 12);
    // One discordant pair each way: p = 2 · P[X ≤ 1 | n = 2] capped at 1.
    expect(comparison).toMatchObject({ baseOnlyCorrect: 1, candidateOnlyCorrect: 1, mcnemarPValue: 1 });
  });

  it('refuses a service token and an unknown label key', async () => {
    const service = await app.token(['service']);
    const denied = await app.gql(`{ datasets(first: 5) { totalCount } }`, {}, service);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await gqlOk(app, author, `mutation { startBenchmarkRun(input: { dataset: "pets-set", policies: ["pets"], labelMap: { pets: "nope" } }) { __typename ... on Error { code } } }`);
    expect(bad.startBenchmarkRun).toEqual({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
  });
});

const round = (x: number) => Math.round(x * 1e12) / 1e12;
