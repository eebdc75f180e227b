import { resolve } from 'node:path';

/** Everything the server is configured with (DESIGN §8). Only `loadConfig` reads the environment. */
export interface Config {
  readonly port: number;
  readonly production: boolean;
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly redisUrl: string | null;
  readonly jwt: {
    readonly secret: string | null;
    readonly jwksUrl: string | null;
    readonly issuer: string | null;
    readonly audience: string | null;
  };
  readonly safeguard: { readonly url: string | null; readonly model: string | null; readonly gguf: string | null };
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
    dataDir: resolve(env.ARBITER_DATA_DIR || './.arbiter'),
    redisUrl: blank(env.REDIS_URL),
    jwt: {
      secret: blank(env.JWT_SECRET),
      jwksUrl: blank(env.JWT_JWKS_URL),
      issuer: blank(env.JWT_ISSUER),
      audience: blank(env.JWT_AUDIENCE),
    },
    safeguard: { url: blank(env.SAFEGUARD_URL), model: blank(env.SAFEGUARD_MODEL), gguf: blank(env.SAFEGUARD_GGUF) },
    embeddedWorker: env.ARBITER_EMBEDDED_WORKER !== 'false',
    seedPolicies: env.ARBITER_SEED_POLICIES ? env.ARBITER_SEED_POLICIES !== 'false' : databaseUrl === null,
    limits: {
      maxDepth: integer(env, 'ARBITER_MAX_DEPTH', 12),
      maxCost: integer(env, 'ARBITER_MAX_COST', 5000),
      maxRequestBytes: integer(env, 'ARBITER_MAX_REQUEST_BYTES', 1_048_576),
    },
  };
}
