import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../../server/app.js';
import { mintToken } from '../../server/auth/mint.js';
import type { Role } from '../../server/auth/roles.js';
import { type Config, loadConfig } from '../../server/config.js';
import { createTestDatabase } from './database.js';
import type { Evaluator } from '../../sdk/index.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** A test server on a fresh database of the engine under test; nothing listens until `start`. */
export interface TestApp extends App {
  readonly config: Config;
  /** The PostgreSQL URL of the test database (null on PGlite), for a second process's connection. */
  readonly databaseUrl: string | null;
  token(roles: readonly Role[], tenant?: string, subject?: string): Promise<string>;
  /** Runs one GraphQL operation through `yoga.fetch`, returning the parsed JSON body and status. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<{ status: number; data: T; errors?: any[] }>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}, evaluators: readonly Evaluator[] = []): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'arbiter-test-'));
  const config: Config = { ...loadConfig({ JWT_SECRET: TEST_SECRET, ARBITER_DATA_DIR: dataDir, ARBITER_SEED_POLICIES: 'false', ARBITER_RETRY_DELAY_SECONDS: '1', ARBITER_WAIT_MAX_MS: '20000', ...env }), ...overrides };
  const database = await createTestDatabase({ migrate: false });
  const app = await createApp(config, { database, evaluators });
  return {
    ...app,
    config,
    databaseUrl: database.url,
    token: (roles, tenant = 'acme', subject = `user:${roles.join('+')}`) => mintToken({ secret: TEST_SECRET, tenant, roles, subject }),
    async gql(query, variables = {}, token = null) {
      const body = JSON.stringify({ query, variables });
      const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', headers, body });
      return { status: response.status, ...((await response.json()) as { data: any; errors?: any[] }) };
    },
    async close() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
