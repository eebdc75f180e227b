import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Evaluator, EvaluatorRegistry } from '../../sdk/index.js';
import type { Database } from '../db/schema.js';
import { log } from '../observability/logger.js';
import { type AdvertisedEvaluator, deleteHeartbeat, liveHeartbeats, upsertHeartbeat } from './repository.js';

export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A worker not seen for this long is taken for gone. */
export const HEARTBEAT_LIVE_SECONDS = 20;

/** An evaluator as `evaluators` lists it: this process's own, or one only worker processes run. */
export interface EvaluatorListing {
  readonly name: string;
  readonly version: string;
  readonly kind: 'triage' | 'reasoner';
  readonly streamsReasoning: boolean;
  readonly maxPoliciesPerCall: number;
  readonly health: Promise<{ ready: boolean; detail?: string }>;
}

/** Probes an evaluator's health; a throw or a hang past 2 s is "not ready", with why. */
export function probe(evaluator: Evaluator): Promise<{ ready: boolean; detail?: string }> {
  if (!evaluator.health) return Promise.resolve({ ready: true });
  const timeout = new Promise<{ ready: boolean; detail: string }>((resolve) => {
    setTimeout(() => resolve({ ready: false, detail: 'health probe did not answer within 2 s' }), 2_000).unref();
  });
  return Promise.race([evaluator.health().catch((error: Error) => ({ ready: false, detail: error.message })), timeout]);
}

async function advertise(registry: EvaluatorRegistry): Promise<AdvertisedEvaluator[]> {
  return Promise.all(registry.list().map(async (e) => {
    const health = await probe(e);
    return {
      name: e.name, version: e.version, kind: e.kind, streamsReasoning: e.capabilities.streamsReasoning,
      maxPoliciesPerCall: e.capabilities.maxPoliciesPerCall, ready: health.ready, detail: health.detail ?? null,
    };
  }));
}

/**
 * Keeps this worker's row in `worker_heartbeats` fresh (its evaluators and their health) until
 * `stop`, which removes it. A failed beat is logged and retried on the next tick.
 */
export async function startHeartbeat(args: { readonly db: Kysely<Database>; readonly registry: EvaluatorRegistry; readonly intervalMs?: number }): Promise<{ readonly id: string; stop(): Promise<void> }> {
  const id = randomUUID();
  const startedAt = new Date();
  const beat = async () => upsertHeartbeat(args.db, { id, host: hostname(), pid: process.pid, evaluators: await advertise(args.registry), startedAt });
  await beat();
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = beat().catch((error: Error) => log().warn({ error: error.message }, 'worker heartbeat failed'));
  }, args.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    id,
    async stop() {
      clearInterval(timer);
      await running;
      await deleteHeartbeat(args.db, id).catch(() => undefined);
    },
  };
}

/**
 * The evaluators of the deployment: this process's own (probed now), then those that only live
 * worker processes run, ready when any worker running it reports it ready.
 */
export async function listEvaluators(db: Kysely<Database>, registry: EvaluatorRegistry): Promise<EvaluatorListing[]> {
  const own: EvaluatorListing[] = registry.list().map((e) => ({
    name: e.name, version: e.version, kind: e.kind, streamsReasoning: e.capabilities.streamsReasoning,
    maxPoliciesPerCall: e.capabilities.maxPoliciesPerCall, health: probe(e),
  }));
  const remote = new Map<string, AdvertisedEvaluator[]>();
  for (const worker of await liveHeartbeats(db, HEARTBEAT_LIVE_SECONDS)) {
    for (const e of worker.evaluators) if (!own.some((o) => o.name === e.name)) remote.set(e.name, [...(remote.get(e.name) ?? []), e]);
  }
  const fromWorkers = [...remote.values()].map((copies): EvaluatorListing => {
    const ready = copies.find((c) => c.ready);
    const first = ready ?? copies[0]!;
    const readyCount = copies.filter((c) => c.ready).length;
    const detail = ready ? `runs on ${copies.length} worker process(es), ${readyCount} ready` : (first.detail ?? 'not ready on any worker');
    return { ...first, health: Promise.resolve({ ready: Boolean(ready), detail }) };
  });
  return [...own, ...fromWorkers];
}
