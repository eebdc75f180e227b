import { z } from 'zod';

const blank = (value: unknown) => (value === '' ? undefined : value);
const optionalText = z.preprocess(blank, z.string().optional()).transform((value) => value ?? null);
const integer = (min: number, max: number, fallback: number, what: string) =>
  z.preprocess(blank, z.coerce.number({ error: `must be ${what}` }).int({ error: `must be ${what}` }).min(min, `must be ${what}`).max(max, `must be ${what}`).default(fallback));
const count = (fallback: number) => integer(0, Number.MAX_SAFE_INTEGER, fallback, 'a non-negative integer');
const positive = (fallback: number) => integer(1, Number.MAX_SAFE_INTEGER, fallback, 'a positive integer');
/** Strict booleans: `true`/`false` (or `1`/`0`); anything else (`no`, `yes`, `TRUE `) is an error, never a guess. */
const flag = z.preprocess(blank, z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).optional()).transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));
const url = (protocols: readonly string[]) =>
  z.preprocess(blank, z.url({ protocol: new RegExp(`^(${protocols.join('|')})$`), error: `must be a ${protocols.join(' or ')} URL` }).optional()).transform((value) => value ?? null);

const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
/** `30d`, `12h`, `90m`, `3600s` or plain seconds. */
/** Seconds in a duration such as `30d`, `12h`, `90m`, `3600s` or `3600`; null when it is not one (or zero). */
export function parseDuration(raw: string): number | null {
  const match = DURATION.exec(raw.trim());
  if (!match || Number(match[1]) === 0) return null;
  return Number(match[1]) * UNIT_SECONDS[match[2] ?? 's']!;
}

const duration = (fallback: string) =>
  z.preprocess(blank, z.string().default(fallback)).transform((raw, ctx) => {
    const seconds = parseDuration(raw);
    if (seconds === null) ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30d, 12h, 90m or 3600s' });
    return seconds ?? z.NEVER;
  });

/**
 * Every environment variable the server reads, with its rule and default. The README's
 * configuration table lists each of these names (a test checks).
 */
export const ENVIRONMENT = z.object({
  NODE_ENV: z.preprocess(blank, z.string().default('development')),
  PORT: integer(0, 65_535, 4000, 'a port number from 0 to 65535'),
  DATABASE_URL: url(['postgres', 'postgresql']),
  ARBITER_DB_POOL_SIZE: positive(20),
  ARBITER_DATA_DIR: z.preprocess(blank, z.string().default('./.arbiter')),
  REDIS_URL: url(['redis', 'rediss']),
  JWT_SECRET: z.preprocess(blank, z.string().refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes (HS256 needs a 256-bit key)').optional())
    .transform((value) => value ?? null),
  JWT_JWKS_URL: url(['https', 'http']),
  JWT_ISSUER: optionalText,
  JWT_AUDIENCE: optionalText,
  ARBITER_TOKEN_MAX_LIFETIME: duration('30d'),
  SAFEGUARD_URL: optionalText,
  SAFEGUARD_MODEL: optionalText,
  SAFEGUARD_GGUF: optionalText,
  ARBITER_MULTI_POLICY_STRATEGY: z.preprocess(blank, z.enum(['combined', 'per-policy'], { error: 'must be "combined" or "per-policy"' }).default('combined')),
  ARBITER_TRIAGE_TIMEOUT_MS: count(5_000),
  ARBITER_REASONING_TIMEOUT_MS: count(180_000),
  ARBITER_WAIT_MAX_MS: count(60_000),
  ARBITER_RETRY_LIMIT: count(3),
  ARBITER_RETRY_DELAY_SECONDS: count(2),
  ARBITER_JOB_EXPIRE_SECONDS: positive(600),
  ARBITER_WORKER_LEASE_SECONDS: positive(30),
  ARBITER_REVIEW_LEASE_MINUTES: positive(15),
  ARBITER_AUDIT_SIGNING_KEY: optionalText,
  ARBITER_AUDIT_KEY_ID: optionalText,
  ARBITER_AUDIT_CHECKPOINT_EVERY: positive(1000),
  ARBITER_AUDIT_CHECKPOINT_MINUTES: count(10),
  ARBITER_AUDIT_CHECKPOINT_TICK_MS: positive(5000),
  ARBITER_WORKER_CONCURRENCY: positive(4),
  ARBITER_REASONER_CONCURRENCY: positive(128),
  ARBITER_EMBEDDED_WORKER: flag.transform((v) => v ?? true),
  ARBITER_SEED_POLICIES: flag,
  ARBITER_MAX_DEPTH: positive(12),
  ARBITER_MAX_COST: positive(50_000),
  ARBITER_MAX_REQUEST_BYTES: positive(1_048_576),
  ARBITER_INTROSPECTION: flag,
  LOG_LEVEL: z.preprocess(blank, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  ARBITER_METRICS_TOKEN: optionalText,
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http', 'https']),
  OTEL_SERVICE_NAME: z.preprocess(blank, z.string().default('arbiter')),
  ARBITER_TRACE_CONTENT: flag.transform((v) => v ?? false),
  ARBITER_SHUTDOWN_GRACE_MS: count(25_000),
});

export type Environment = z.output<typeof ENVIRONMENT>;

/** Validates the environment; every bad variable is one line naming it and what it got (secrets withheld). */
export function readEnvironment(env: NodeJS.ProcessEnv): Environment {
  const parsed = ENVIRONMENT.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const raw = env[name];
    const shown = /(SECRET|_TOKEN|PASSWORD|API_KEY)$/.test(name) || raw === undefined || /:\/\/[^/]*@/.test(raw) ? '' : ` (got ${JSON.stringify(raw)})`;
    return `${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError([...new Set(lines)]);
}

/** Thrown for configuration that cannot work; `problems` has one line per bad variable, naming it. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}
