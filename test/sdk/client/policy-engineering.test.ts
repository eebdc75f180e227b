import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArbiterError, createArbiterClient, type ArbiterClient, type BenchmarkRun } from '../../../sdk/client/index.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { publishPolicy } from '../../helpers/evaluate.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';

describe(`the client's dataset and benchmark calls against a server (${testEngine})`, () => {
  let app: TestApp;
  let author: ArbiterClient;
  let service: ArbiterClient;
  // Every item is answered VIOLATING citing PT1.a, so the metrics follow from the labels alone.
  const reasoner = scriptedReasoner({ label: 'VIOLATING', ruleIds: ['PT1.a'], confidence: 'high', rationale: 'It sells a pet.' });
  beforeAll(async () => {
    app = await createTestApp({}, {}, [reasoner.evaluator]);
    const url = (await app.start(0)).url;
    author = createArbiterClient({ url, token: await app.token(['policy_author'], 'acme', 'pat') });
    service = createArbiterClient({ url, token: await app.token(['service'], 'acme') });
    await publishPolicy(app, await app.token(['admin']));
  }, 120_000);
  afterAll(async () => app.close());

  async function finished(id: string): Promise<BenchmarkRun> {
    for (let i = 0; i < 600; i++) {
      const run = await author.benchmarks.get(id);
      if (run && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status)) return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`run ${id} did not finish`);
  }

  it('creates a dataset, adds items, runs a benchmark and compares two runs', async () => {
    expect(await author.datasets.create({ name: 'pets-client', description: 'client test' })).toMatchObject({ name: 'pets-client', version: 0 });
    const labelled = [['Kitten for sale', 1], ['Puppies, 50 dollars each', 1], ['Parrot for sale', 1], ['A photo of my cat', 0], ['My dog sleeps', 0]] as const;
    const added = await author.datasets.addItems({ dataset: 'pets-client', items: labelled.map(([content, pets]) => ({ content, labels: { pets } })) });
    expect(added).toMatchObject({ added: 5, dataset: { name: 'pets-client', version: 1, itemCount: 5 } });
    const started = await author.benchmarks.start({ dataset: 'pets-client', policies: ['pets'] });
    expect(started.status).toBe('QUEUED');
    const run = await finished(started.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', done: 5, total: 5 });
    expect(run.metrics).toHaveLength(1);
    expect(run.metrics[0]).toMatchObject({ labelKey: 'pets', tp: 3, fp: 2, tn: 0, fn: 0, precision: 0.6, recall: 1, accuracy: 0.6 });
    expect(run.metrics[0]!.f1).toBeCloseTo(0.75, 12);
    const again = await finished((await author.benchmarks.start({ dataset: 'pets-client', policies: ['pets'] })).id);
    expect(await author.benchmarks.compare(run.id, again.id)).toEqual({ f1Delta: 0, mcnemarPValue: null, flipped: [] }); // no discordant pair: no test to run
  });

  it('refuses a duplicate dataset name as ArbiterError ALREADY_EXISTS, and a service token as FORBIDDEN', async () => {
    await author.datasets.create({ name: 'twice' });
    await expect(author.datasets.create({ name: 'twice' })).rejects.toMatchObject({ name: 'ArbiterError', code: 'ALREADY_EXISTS' });
    const refused = await service.datasets.create({ name: 'nope' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ArbiterError);
    expect((refused as ArbiterError).code).toBe('FORBIDDEN');
  });
});
