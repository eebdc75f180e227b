import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import type { Principal } from './auth/roles.js';
import type { Scope } from './domain/scope.js';
import type { EvaluationDeps } from './engine/lifecycle/index.js';
import type { ReviewDeps } from './domain/reviews/deps.js';
import type { Engine } from './engine/index.js';
import type { BenchmarkDeps } from './domain/benchmarks/deps.js';
import type { AuditSigner } from './domain/audit/signing.js';

/** Long-lived things every request can reach; built once by `createApp`. */
export interface Services {
  readonly db: Kysely<Database>;
  readonly dbEngine: 'pglite' | 'postgres';
  /** The evaluation engine: evaluators, job queue and event bus. */
  readonly engine: Engine;
  readonly evaluations: EvaluationDeps;
  /** Benchmark and replay runs: their queue, and the engine's reasoner. */
  readonly benchmarks: BenchmarkDeps;
  /** Human review: the queue (appeal re-runs), the bus (live queue) and the claim lease. */
  readonly reviews: ReviewDeps;
  /** Signs audit checkpoints; its public key is what auditors verify them with. */
  readonly audit: { readonly signer: AuditSigner };
}

/** The GraphQL context of one request or subscription. */
export interface Context {
  /** The verified caller; null when the request carried no token. */
  readonly principal: Principal | null;
  /** The caller's tenant-scoped view of the data; null when unauthenticated. */
  readonly scope: Scope | null;
  readonly services: Services;
  /** The `Last-Event-ID` of a reconnecting SSE stream: subscriptions resume after this seq. */
  readonly resumeAfterSeq?: number;
}

/**
 * The caller's scope. Fields reach it only after scope-auth let them through, so a missing
 * scope here is a bug in the schema's auth, never a user error.
 */
export function scopeOf(context: Context): Scope {
  if (!context.scope) throw new Error('tenant scope missing: a field is not protected by an auth scope');
  return context.scope;
}
