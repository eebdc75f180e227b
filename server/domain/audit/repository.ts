import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nextLink } from './chain.js';

/** One thing that happened, for the audit trail. */
export interface AuditEntry {
  readonly tenantId: string;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly data: Record<string, unknown>;
}

/** Appends a hash-chained audit event inside the caller's transaction. */
export async function appendAuditEvent(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  const fields = {
    id: randomUUID(),
    tenant_id: entry.tenantId,
    actor: entry.actor,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    data: entry.data,
    created_at: new Date(),
  };
  const link = await nextLink(trx, { tenantId: entry.tenantId, chain: 'audit_events', fields });
  await trx.insertInto('audit_events').values({ ...fields, data: JSON.stringify(fields.data), ...link }).execute();
}
