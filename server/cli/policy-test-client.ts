// The GraphQL calls `arbiter policy test` makes, over any fetch: a running server's, or an embedded app's.
export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ json(): Promise<unknown>; status: number }>;

export interface PolicyTestClient {
  request<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export function createPolicyTestClient(args: { readonly url: string; readonly token: string; readonly fetch: Fetch }): PolicyTestClient {
  return {
    async request(query, variables = {}) {
      const response = await args.fetch(args.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${args.token}` }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
      if (body.errors?.length) throw Object.assign(new Error(body.errors[0]!.message), { code: body.errors[0]!.extensions?.code ?? 'GRAPHQL_ERROR' });
      return body.data;
    },
  };
}

const payload = (field: string, success: string, selection: string) =>
  `${field} { __typename ... on ${success} { ${selection} } ... on Error { code message } }`;

/** Unwraps a payload union: the success object, or a thrown error with the typed code. */
export function unwrap<T>(result: any, key: string): T {
  if (result?.code) throw Object.assign(new Error(result.message), { code: result.code });
  return result[key] as T;
}

export const Q = {
  policy: `query($slug: String!) { policy(slug: $slug) { id latestVersion { version } } }`,
  createPolicy: `mutation($i: CreatePolicyInput!) { ${payload('createPolicy(input: $i)', 'CreatePolicySuccess', 'version { version }')} }`,
  createVersion: `mutation($i: CreatePolicyVersionInput!) { ${payload('createPolicyVersion(input: $i)', 'CreatePolicyVersionSuccess', 'version { version }')} }`,
  dataset: `query($n: String!) { dataset(name: $n) { name version itemCount } }`,
  createDataset: `mutation($n: String!) { ${payload('createDataset(input: { name: $n })', 'CreateDatasetSuccess', 'dataset { name }')} }`,
  importItems: `mutation($i: ImportDatasetItemsInput!) { ${payload('importDatasetItems(input: $i)', 'ImportDatasetItemsSuccess', 'added')} }`,
  start: `mutation($i: StartBenchmarkRunInput!) { ${payload('startBenchmarkRun(input: $i)', 'StartBenchmarkRunSuccess', 'run { id }')} }`,
  run: `query($id: ID!) { benchmarkRun(id: $id) { id status error done total tokens latencyP50Ms latencyP95Ms
    metrics { labelKey tp fp tn fn precision recall f1 accuracy policyVersion { version policy { slug } } } } }`,
  compare: `query($b: ID!, $c: ID!) { compareBenchmarkRuns(base: $b, candidate: $c) { f1Delta mcnemarPValue
    flipped { content labelKey baseLabel candidateLabel baseRationale candidateRationale } } }`,
};
