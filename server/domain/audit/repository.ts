import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nextLink, wellFormed } from './chain.js';

/** One thing that happened, for the audit trail. */
export interface AuditEntry {
  readonly tenantId: string;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly data: Record<string, unknown>;
}

/** Appends a hash-chained audit event inside the caller's transaction; returns the event's id. */
export async function appendAuditEvent(trx: Transaction<Database>, entry: AuditEntry): Promise<string> {
  const row = wellFormed({
    id: randomUUID(),
    tenant_id: entry.tenantId,
    actor: entry.actor,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    data: entry.data,
    created_at: new Date(),
  });
  const link = await nextLink(trx, { tenantId: entry.tenantId, chain: 'audit_events', row });
  await trx.insertInto('audit_events').values({ ...row, data: JSON.stringify(row.data), ...link }).execute();
  return row.id;
}
