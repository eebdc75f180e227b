import type { Kysely } from 'kysely';
import { decodeCursor, type Page, type PageArgs, pageSize, toPage } from '../../db/keyset.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../scope.js';
import { type CheckpointRow, type DueHead, dueHeads, findCheckpoint, insertCheckpoint, listCheckpointRows, tenantHeads } from './checkpoint-repository.js';
import type { AuditSigner } from './signing.js';

export type { CheckpointRow };

/** When checkpoints are made automatically: after `every` links or when a link waited `maxAgeMs`. */
export interface CheckpointPolicy {
  readonly every: number;
  readonly maxAgeMs: number;
  /** How often the due heads are looked for. */
  readonly tickMs: number;
}

async function signHead(db: Kysely<Database>, signer: AuditSigner, head: DueHead): Promise<CheckpointRow> {
  const createdAt = new Date();
  const signature = await signer.sign({ tenantId: head.tenant_id, chain: head.chain, seq: head.seq, hash: head.hash, createdAt: createdAt.toISOString() });
  return insertCheckpoint(db, { tenant_id: head.tenant_id, chain: head.chain, seq: head.seq, hash: head.hash, key_id: signer.keyId, signature, created_at: createdAt });
}

/** `createAuditCheckpoint`: signs the current head of each of the tenant's chains that has links. */
export async function createCheckpoints(scope: Scope, signer: AuditSigner): Promise<CheckpointRow[]> {
  const heads = await tenantHeads(scope.db, scope.tenantId);
  return Promise.all(heads.map((head) => signHead(scope.db, signer, head)));
}

/** Signs every head that is due under `policy`; returns how many checkpoints were made. */
export async function checkpointDueHeads(db: Kysely<Database>, signer: AuditSigner, policy: CheckpointPolicy): Promise<number> {
  const heads = await dueHeads(db, { every: policy.every, before: new Date(Date.now() - policy.maxAgeMs) });
  for (const head of heads) await signHead(db, signer, head);
  return heads.length;
}

/** `auditCheckpoints`: the tenant's checkpoints, newest first. */
export async function listCheckpoints(scope: Scope, args: PageArgs): Promise<Page<CheckpointRow>> {
  const limit = pageSize(args, 50, 500);
  const rows = await listCheckpointRows(scope.db, { tenantId: scope.tenantId, after: decodeCursor(args.after), limit: limit + 1 });
  return toPage(rows, limit, args.after, (row) => ({ key: new Date(row.created_at).toISOString(), id: row.id }));
}

/**
 * Runs {@link checkpointDueHeads} every `tickMs` until stopped. A failed round (database away) is
 * reported and retried on the next tick; it never stops the process.
 */
export function startCheckpointer(args: { readonly db: Kysely<Database>; readonly signer: AuditSigner; readonly policy: CheckpointPolicy; readonly onError: (error: unknown) => void }): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => (stopped ? 0 : checkpointDueHeads(args.db, args.signer, args.policy))).catch(args.onError);
  }, args.policy.tickMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** One checkpoint of the caller's tenant (for `node(id)`). */
export const getCheckpoint = (scope: Scope, id: string): Promise<CheckpointRow | undefined> => findCheckpoint(scope.db, { tenantId: scope.tenantId, id });
