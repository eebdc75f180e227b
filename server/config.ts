import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, readEnvironment } from './config-schema.js';

export { ConfigError } from './config-schema.js';

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
    /** Longest lifetime (`exp - iat`, or `exp - now` without `iat`) a token may have, in seconds. */
    readonly maxLifetimeSeconds: number;
  };
  readonly safeguard: { readonly url: string | null; readonly model: string | null; readonly gguf: string | null };
  /** The SAFEGUARD_* variables, as the reasoner plugins read them, and the resolved ARBITER_DATA_DIR. */
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
    /** A running job renews its lease every third of this; a dead worker's jobs run again once it ends. */
    readonly workerLeaseSeconds: number;
    readonly workerConcurrency: number;
    /** Reasoning calls in flight per worker process, an upper bound for the adaptive limit (DESIGN §9). */
    readonly reasonerConcurrency: number;
  };
  /** Human review: how long a claim holds an item before it returns to the queue. */
  readonly review: { readonly leaseMinutes: number };
  /** Run the job worker inside the API process (the embedded default). */
  readonly embeddedWorker: boolean;
  /** Load `policies/` into the default tenant at start (embedded mode). */
  readonly seedPolicies: boolean;
  readonly limits: { readonly maxDepth: number; readonly maxCost: number; readonly maxRequestBytes: number };
  /** Schema introspection: on outside production, off in production unless enabled. */
  readonly introspection: boolean;
  readonly observability: {
    readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    /** Bearer token `/metrics` requires; null = open (bind it to a private network). */
    readonly metricsToken: string | null;
    /** OTLP/HTTP endpoint; tracing is off when null. */
    readonly otlpEndpoint: string | null;
    readonly serviceName: string;
    /** Put content and chain of thought on spans (off by default: they are tenant data). */
    readonly traceContent: boolean;
  };
  /** How long SIGTERM waits for in-flight requests and jobs before closing anyway. */
  readonly shutdownGraceMs: number;
  /** Audit checkpoint signing (DESIGN §3). */
  readonly audit: AuditConfig;
}

/** Checkpoint signing (DESIGN §3): the key, and when checkpoints are made automatically. */
export interface AuditConfig {
  /** PKCS#8 PEM of the Ed25519 signing key; null: generated into the data directory. */
  readonly signingKeyPem: string | null;
  /** The key id checkpoints name; null: the key's RFC 7638 thumbprint. */
  readonly keyId: string | null;
  readonly checkpointEvery: number;
  readonly checkpointMinutes: number;
  readonly checkpointTickMs: number;
}

/** Reads and validates the configuration from environment variables, with DESIGN §8's defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const v = readEnvironment(env);
  const production = v.NODE_ENV === 'production';
  return {
    port: v.PORT,
    production,
    databaseUrl: v.DATABASE_URL,
    databasePoolSize: v.ARBITER_DB_POOL_SIZE,
    dataDir: resolve(v.ARBITER_DATA_DIR),
    redisUrl: v.REDIS_URL,
    jwt: {
      secret: v.JWT_SECRET, jwksUrl: v.JWT_JWKS_URL, issuer: v.JWT_ISSUER, audience: v.JWT_AUDIENCE,
      maxLifetimeSeconds: v.ARBITER_TOKEN_MAX_LIFETIME,
    },
    safeguard: { url: v.SAFEGUARD_URL, model: v.SAFEGUARD_MODEL, gguf: v.SAFEGUARD_GGUF },
    // the data directory too: a model `arbiter model pull` left there is the reasoner of last resort
    evaluatorEnv: { ...Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('SAFEGUARD_'))), ARBITER_DATA_DIR: resolve(v.ARBITER_DATA_DIR) },
    review: { leaseMinutes: v.ARBITER_REVIEW_LEASE_MINUTES },
    engine: {
      strategy: v.ARBITER_MULTI_POLICY_STRATEGY,
      triageTimeoutMs: v.ARBITER_TRIAGE_TIMEOUT_MS,
      reasoningTimeoutMs: v.ARBITER_REASONING_TIMEOUT_MS,
      maxWaitMs: v.ARBITER_WAIT_MAX_MS,
      retryLimit: v.ARBITER_RETRY_LIMIT,
      retryDelaySeconds: v.ARBITER_RETRY_DELAY_SECONDS,
      jobExpireSeconds: v.ARBITER_JOB_EXPIRE_SECONDS,
      workerLeaseSeconds: v.ARBITER_WORKER_LEASE_SECONDS,
      workerConcurrency: v.ARBITER_WORKER_CONCURRENCY,
      reasonerConcurrency: v.ARBITER_REASONER_CONCURRENCY,
    },
    embeddedWorker: v.ARBITER_EMBEDDED_WORKER,
    seedPolicies: v.ARBITER_SEED_POLICIES ?? v.DATABASE_URL === null,
    limits: { maxDepth: v.ARBITER_MAX_DEPTH, maxCost: v.ARBITER_MAX_COST, maxRequestBytes: v.ARBITER_MAX_REQUEST_BYTES },
    introspection: v.ARBITER_INTROSPECTION ?? !production,
    observability: {
      logLevel: v.LOG_LEVEL,
      metricsToken: v.ARBITER_METRICS_TOKEN,
      otlpEndpoint: v.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: v.OTEL_SERVICE_NAME,
      traceContent: v.ARBITER_TRACE_CONTENT,
    },
    shutdownGraceMs: v.ARBITER_SHUTDOWN_GRACE_MS,
    audit: {
      signingKeyPem: signingKey(v.ARBITER_AUDIT_SIGNING_KEY), keyId: v.ARBITER_AUDIT_KEY_ID, checkpointEvery: v.ARBITER_AUDIT_CHECKPOINT_EVERY,
      checkpointMinutes: v.ARBITER_AUDIT_CHECKPOINT_MINUTES, checkpointTickMs: Math.max(10, v.ARBITER_AUDIT_CHECKPOINT_TICK_MS),
    },
  };
}

/** The PEM itself, or a file that holds it. */
function signingKey(value: string | null): string | null {
  if (value === null || value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw new ConfigError([`ARBITER_AUDIT_SIGNING_KEY: must be a PKCS#8 PEM or a readable file holding one (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`]);
  }
}
