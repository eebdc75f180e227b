import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowId } from '../../../../schema/ids.js';
import { textProblem } from '../../../../server/domain/datasets/validate.js';
import { appendVerdict } from '../../../../server/domain/verdicts/repository.js';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { gqlOk } from '../../../helpers/benchmarks.js';
import { testEngine } from '../../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../../helpers/evaluate.js';
import { scriptedReasoner } from '../../../helpers/scripted-reasoner.js';

const ADD = `mutation($i: AddDatasetItemsInput!) { addDatasetItems(input: $i) { __typename
  ... on AddDatasetItemsSuccess { added dataset { version itemCount } } ... on ValidationError { code problems { path message } } } }`;
const ITEMS = `query($n: String!) { dataset(name: $n) { version itemCount labelKeys items(first: 50) { totalCount edges { node { content labels source addedInVersion provenance } } } } }`;

describe('dataset text checks', () => {
  it('accepts exactly the text PostgreSQL can store (no NUL, no lone surrogate)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const storable = !text.includes('\u0000') && (text as unknown as { isWellFormed(): boolean }).isWellFormed();
      expect(textProblem(text) === null).toBe(storable);
    }), { numRuns: 500 });
  });
});

describe(`datasets through the API (${testEngine})`, () => {
  let app: TestApp;
  let author: string;
  const reasoner = scriptedReasoner((input) => (input.content.includes('sale') ? { label: 'VIOLATING', ruleIds: ['PT1.a'], rationale: 'An animal is offered.' } : { label: 'NON_VIOLATING', rationale: 'Nothing is offered.' }));
  beforeAll(async () => {
    app = await createTestApp({}, {}, [reasoner.evaluator]);
    author = await app.token(['policy_author']);
    await gqlOk(app, author, `mutation { createDataset(input: { name: "pets-set", description: "hand-labelled" }) { __typename } }`);
  }, 120_000);
  afterAll(async () => app?.close());

  it('bumps the version with every add and keeps items append-only with their source and provenance', async () => {
    expect((await gqlOk(app, author, ADD, { i: { dataset: 'pets-set', items: [{ content: 'Kittens for sale', labels: { pets: 1 } }] } })).addDatasetItems)
      .toEqual({ __typename: 'AddDatasetItemsSuccess', added: 1, dataset: { version: 1, itemCount: 1 } });
    expect((await gqlOk(app, author, ADD, { i: { dataset: 'pets-set', items: [{ content: 'A photo of my cat', labels: { pets: 0, other: 1 } }] } })).addDatasetItems)
      .toMatchObject({ added: 1, dataset: { version: 2, itemCount: 2 } });
    const { dataset } = await gqlOk(app, author, ITEMS, { n: 'pets-set' });
    expect(dataset).toMatchObject({ version: 2, itemCount: 2, labelKeys: ['other', 'pets'] });
    expect(dataset.items.edges.map((e: any) => e.node)).toEqual([
      { content: 'Kittens for sale', labels: { pets: 1 }, source: 'API', addedInVersion: 1, provenance: { source: 'API', actor: 'user:policy_author' } },
      { content: 'A photo of my cat', labels: { pets: 0, other: 1 }, source: 'API', addedInVersion: 2, provenance: { source: 'API', actor: 'user:policy_author' } },
    ]);
  });

  it('refuses NUL bytes, lone surrogates, bad labels and oversized content with VALIDATION_FAILED, adding nothing', async () => {
    const bad = [
      { content: 'nul \u0000 byte', labels: { pets: 1 } }, { content: 'lone \uD800 surrogate', labels: { pets: 0 } },
      { content: 'fine', labels: { pets: 2 } }, { content: 'x'.repeat(64 * 1024 + 1), labels: { pets: 0 } }, { content: 'fine', labels: [] },
    ];
    const result = (await gqlOk(app, author, ADD, { i: { dataset: 'pets-set', items: bad } })).addDatasetItems;
    expect(result.code).toBe('VALIDATION_FAILED');
    expect(result.problems.map((p: any) => p.path)).toEqual(['items[0]', 'items[1]', 'items[2]', 'items[3]', 'items[4]']);
    expect((await gqlOk(app, author, ITEMS, { n: 'pets-set' })).dataset).toMatchObject({ version: 2, itemCount: 2 });
  });

  it('imports JSONL and ToxicChat text through the API as one version each, source IMPORT', async () => {
    await gqlOk(app, author, `mutation { createDataset(input: { name: "imported" }) { __typename } }`);
    const importText = (text: string) => gqlOk(app, author, `mutation($i: ImportDatasetItemsInput!) { importDatasetItems(input: $i) { __typename
      ... on ImportDatasetItemsSuccess { added dataset { version } } ... on Error { code message } } }`, { i: { dataset: 'imported', text, file: 'f.jsonl' } });
    expect((await importText('{"content":"JOIN NOW","labels":{"spam":1}}\n{"content":"See you","labels":{"spam":0}}\n')).importDatasetItems).toMatchObject({ added: 2, dataset: { version: 1 } });
    expect((await importText('{"user_input":"you are awful","toxicity":1,"jailbreaking":0}\n')).importDatasetItems).toMatchObject({ added: 1, dataset: { version: 2 } });
    expect((await importText('{"content": 5}\n')).importDatasetItems).toMatchObject({ code: 'VALIDATION_FAILED' });
    const { dataset } = await gqlOk(app, author, ITEMS, { n: 'imported' });
    expect(dataset.items.edges.map((e: any) => [e.node.source, e.node.addedInVersion, e.node.provenance.format, e.node.labels])).toEqual([
      ['IMPORT', 1, 'jsonl', { spam: 1 }], ['IMPORT', 1, 'jsonl', { spam: 0 }], ['IMPORT', 2, 'toxic-chat', { toxicity: 1, jailbreaking: 0 }],
    ]);
  });

  it('labels decisions from the standing verdict, a HUMAN one first (source REVIEW)', async () => {
    const admin = await app.token(['admin']);
    await publishPolicy(app, admin);
    const sold = await evaluateAndWait(app, admin, { content: 'Parrot for sale', policies: ['pets'] }, 'id finalVerdicts { id policyVersion { id } }');
    await evaluateAndWait(app, admin, { content: 'My dog sleeps', policies: ['pets'] });
    // A reviewer overturned the first: it is not a violation after all.
    const machine = sold.finalVerdicts[0];
    const [row] = await app.database.db.selectFrom('verdicts').selectAll().where('evaluation_id', '=', rowId(sold.id, 'Evaluation')).execute();
    await app.database.db.transaction().execute((trx) => appendVerdict(trx, { ...row!, stage: 'HUMAN', label: 'NON_VIOLATING', rule_ids: [], reviewer: 'user:rev', supersedes_id: row!.id,
      findings: [], usage: null, rationale: 'A reviewer found no sale.' } as never));
    expect(machine).toBeDefined();
    await gqlOk(app, author, `mutation { createDataset(input: { name: "from-decisions" }) { __typename } }`);
    const added = await gqlOk(app, author, `mutation { addDecisionsToDataset(input: { dataset: "from-decisions", filter: { policySlug: "pets" } }) {
      ... on AddDecisionsToDatasetSuccess { added dataset { version } } ... on Error { code message } } }`);
    expect(added.addDecisionsToDataset).toEqual({ added: 2, dataset: { version: 1 } });
    const { dataset } = await gqlOk(app, author, ITEMS, { n: 'from-decisions' });
    const byContent = Object.fromEntries(dataset.items.edges.map((e: any) => [e.node.content, [e.node.source, e.node.labels]]));
    expect(byContent).toEqual({ 'Parrot for sale': ['REVIEW', { pets: 0 }], 'My dog sleeps': ['DECISION', { pets: 0 }] });
  });

  it('lets reviewers and auditors read but not write, and services do neither', async () => {
    for (const role of ['reviewer', 'auditor'] as const) {
      const token = await app.token([role]);
      expect((await app.gql(`{ datasets(first: 10) { totalCount } }`, {}, token)).data.datasets.totalCount).toBe(3);
      expect((await app.gql(`mutation { createDataset(input: { name: "x" }) { __typename } }`, {}, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const service = await app.token(['service']);
    expect((await app.gql(`{ dataset(name: "pets-set") { name } }`, {}, service)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
