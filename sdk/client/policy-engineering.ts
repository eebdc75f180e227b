import type { Run } from './review.js';
import { payloadSuccess as success } from './errors.js';
import {
  AddDatasetItemsDocument, BenchmarkRunDocument, CompareBenchmarkRunsDocument, CreateDatasetDocument, StartBenchmarkRunDocument,
  type AddDatasetItemsInput, type BenchmarkRunFieldsFragment, type CompareBenchmarkRunsQuery, type CreateDatasetInput, type StartBenchmarkRunInput,
} from './generated/graphql.js';

/** A benchmark or replay run as the client returns it (metrics per policy version and rule). */
export type BenchmarkRun = BenchmarkRunFieldsFragment;
/** Two runs compared: F1 delta, McNemar's exact p-value and every flipped item with both rationales. */
export type BenchmarkComparison = CompareBenchmarkRunsQuery['compareBenchmarkRuns'];
export type { AddDatasetItemsInput, CreateDatasetInput, StartBenchmarkRunInput };


/** Datasets and benchmark runs (DESIGN §5 policy engineering); policy_author and admin write, reviewer and auditor read. */
export function policyEngineeringCalls(run: Run) {
  return {
    datasets: {
      create: async (input: CreateDatasetInput) => success((await run(CreateDatasetDocument, { input })).createDataset, 'CreateDatasetSuccess').dataset,
      addItems: async (input: AddDatasetItemsInput) => {
        const { added, dataset } = success((await run(AddDatasetItemsDocument, { input })).addDatasetItems, 'AddDatasetItemsSuccess');
        return { added, dataset };
      },
    },
    benchmarks: {
      start: async (input: StartBenchmarkRunInput): Promise<BenchmarkRun> =>
        success((await run(StartBenchmarkRunDocument, { input })).startBenchmarkRun, 'StartBenchmarkRunSuccess').run,
      get: async (id: string): Promise<BenchmarkRun | null> => (await run(BenchmarkRunDocument, { id })).benchmarkRun ?? null,
      compare: async (base: string, candidate: string): Promise<BenchmarkComparison> =>
        (await run(CompareBenchmarkRunsDocument, { base, candidate })).compareBenchmarkRuns,
    },
  };
}
