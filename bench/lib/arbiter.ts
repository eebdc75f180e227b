import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../../server/app.js';
import { mintToken } from '../../server/auth/mint.js';
import type { Role } from '../../server/auth/roles.js';
import { loadConfig } from '../../server/config.js';
import type { Evaluator } from '../../sdk/index.js';
import { policyDocument } from '../../test/helpers/policies.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-db.js';

const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
export const BENCH_TENANT = 'bench';

/** An Arbiter for one measurement, on its own PGlite directory or PostgreSQL database. */
export interface BenchApp {
  readonly app: App;
  readonly engine: 'pglite' | 'postgres';
  /** The scratch PostgreSQL database, when on PostgreSQL. */
  readonly scratch: ScratchDatabase | null;
  token(roles: readonly Role[]): Promise<string>;
  /** One GraphQL operation through `yoga.fetch` (no socket); throws on GraphQL errors. */
  gql<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T>;
  close(): Promise<void>;
}

/** Starts Arbiter as `arbiter serve` would (embedded worker unless `env` turns it off); nothing listens until `app.start`. */
export async function startBenchApp(args: { readonly engine: 'pglite' | 'postgres'; readonly env?: NodeJS.ProcessEnv; readonly evaluators?: readonly Evaluator[] }): Promise<BenchApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'arbiter-bench-'));
  const scratch = args.engine === 'postgres' ? await createScratchDatabase() : null;
  const passed = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('ARBITER_')));
  const config = loadConfig({
    ...passed, JWT_SECRET: SECRET, ARBITER_DATA_DIR: dataDir, ARBITER_SEED_POLICIES: 'false', NODE_ENV: 'production',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}), ...args.env,
  });
  const app = await createApp(config, { evaluators: args.evaluators ?? [] });
  const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
    const body = JSON.stringify({ query, variables });
    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${token}` }, body,
    });
    const result = (await response.json()) as { data?: any; errors?: unknown[] };
    if (result.errors) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  };
  return {
    app, engine: args.engine, scratch, gql,
    token: (roles) => mintToken({ secret: SECRET, tenant: BENCH_TENANT, roles, subject: `bench:${roles.join('+')}` }),
    async close() {
      await app.stop();
      await scratch?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates (or adds a version to) a policy from test/helpers/policies and publishes it; returns the version id. */
export async function publishPolicy(bench: BenchApp, token: string, options: Parameters<typeof policyDocument>[0] & { readonly slug: string }): Promise<string> {
  const existing = await bench.gql(`query($s: String!) { policy(slug: $s) { id } }`, { s: options.slug }, token);
  const content = policyDocument(options);
  const data = existing.policy
    ? await bench.gql(`mutation($i: CreatePolicyVersionInput!) { createPolicyVersion(input: $i) { ... on CreatePolicyVersionSuccess { version { id } } ... on Error { code message } } }`, { i: { slug: options.slug, content } }, token)
    : await bench.gql(`mutation($i: CreatePolicyInput!) { createPolicy(input: $i) { ... on CreatePolicySuccess { version { id } } ... on Error { code message } } }`, { i: { slug: options.slug, name: options.slug, content } }, token);
  const payload = data.createPolicy ?? data.createPolicyVersion;
  if (!payload.version) throw new Error(`policy ${options.slug} was refused: ${JSON.stringify(payload)}`);
  const published = await bench.gql(`mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename ... on Error { code message } } }`, { id: payload.version.id }, token);
  if (published.publishPolicyVersion.__typename !== 'PublishPolicyVersionSuccess') throw new Error(`publish refused: ${JSON.stringify(published)}`);
  return payload.version.id as string;
}
