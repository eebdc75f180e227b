import { resolve } from 'node:path';

/** Everything the server is configured with (DESIGN §8). Only `loadConfig` reads the environment. */
export interface Config {
  readonly port: number;
  readonly production: boolean;
  readonly databaseUrl: string | null;
  /** PostgreSQL connections per process (API and embedded worker share them). */
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly redisUrl: string | null;
  readonly jwt: {
    readonly secret: string | null;
    readonly jwksUrl: string | null;
    readonly issuer: string | null;
    readonly audience: string | null;
  };
  readonly safeguard: { readonly url: string | null; readonly model: string | null; readonly gguf: string | null };
  /** The SAFEGUARD_* variables, as the reasoner plugins read them. */
  readonly evaluatorEnv: Readonly<Record<string, string | undefined>>;
  readonly engine: {
    /** `combined`: one reasoner call for all policies; `per-policy`: one call each, in parallel. */
    readonly strategy: 'combined' | 'per-policy';
    readonly triageTimeoutMs: number;
    readonly reasoningTimeoutMs: number;
    readonly maxWaitMs: number;
    readonly retryLimit: number;
    readonly retryDelaySeconds: number;
    readonly jobExpireSeconds: number;
    readonly workerConcurrency: number;
  };
  /** Run the job worker inside the API process (the embedded default). */
  readonly embeddedWorker: boolean;
  /** Load `policies/` into the default tenant at start (embedded mode). */
  readonly seedPolicies: boolean;
  readonly limits: { readonly maxDepth: number; readonly maxCost: number; readonly maxRequestBytes: number };
}

/** Thrown for configuration that cannot work; the message names the variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

const blank = (value: string | undefined): string | null => (value ? value : null);

/** Reads the configuration from environment variables, with DESIGN §8's defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = blank(env.DATABASE_URL);
  return {
    port: integer(env, 'PORT', 4000),
    production: env.NODE_ENV === 'production',
    databaseUrl,
    databasePoolSize: integer(env, 'ARBITER_DB_POOL_SIZE', 20),
    dataDir: resolve(env.ARBITER_DATA_DIR || './.arbiter'),
    redisUrl: blank(env.REDIS_URL),
    jwt: {
      secret: blank(env.JWT_SECRET),
      jwksUrl: blank(env.JWT_JWKS_URL),
      issuer: blank(env.JWT_ISSUER),
      audience: blank(env.JWT_AUDIENCE),
    },
    safeguard: { url: blank(env.SAFEGUARD_URL), model: blank(env.SAFEGUARD_MODEL), gguf: blank(env.SAFEGUARD_GGUF) },
    evaluatorEnv: Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('SAFEGUARD_'))),
    engine: engineConfig(env),
    embeddedWorker: env.ARBITER_EMBEDDED_WORKER !== 'false',
    seedPolicies: env.ARBITER_SEED_POLICIES ? env.ARBITER_SEED_POLICIES !== 'false' : databaseUrl === null,
    limits: {
      maxDepth: integer(env, 'ARBITER_MAX_DEPTH', 12),
      maxCost: integer(env, 'ARBITER_MAX_COST', 50_000),
      maxRequestBytes: integer(env, 'ARBITER_MAX_REQUEST_BYTES', 1_048_576),
    },
  };
}

function engineConfig(env: NodeJS.ProcessEnv): Config['engine'] {
  const strategy = env.ARBITER_MULTI_POLICY_STRATEGY || 'combined';
  if (strategy !== 'combined' && strategy !== 'per-policy') throw new ConfigError(`ARBITER_MULTI_POLICY_STRATEGY must be "combined" or "per-policy", got "${strategy}"`);
  return {
    strategy,
    triageTimeoutMs: integer(env, 'ARBITER_TRIAGE_TIMEOUT_MS', 5_000),
    reasoningTimeoutMs: integer(env, 'ARBITER_REASONING_TIMEOUT_MS', 180_000),
    maxWaitMs: integer(env, 'ARBITER_WAIT_MAX_MS', 60_000),
    retryLimit: integer(env, 'ARBITER_RETRY_LIMIT', 3),
    retryDelaySeconds: integer(env, 'ARBITER_RETRY_DELAY_SECONDS', 2),
    jobExpireSeconds: integer(env, 'ARBITER_JOB_EXPIRE_SECONDS', 600),
    workerConcurrency: integer(env, 'ARBITER_WORKER_CONCURRENCY', 4),
  };
}
