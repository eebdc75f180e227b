import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

/** A chained content hash next to the subject it is about, as the subject is now (null: gone). */
export interface ChainedSubject {
  readonly event_id: string;
  readonly chain_seq: number;
  readonly chained_sha256: string | null;
  readonly content: string | null;
  readonly content_sha256: string | null;
}

/** Published policy versions with the content hash their publish event chained, a page at a time. */
export async function publishedSubjects(db: Kysely<Database>, args: { tenantId: string; afterSeq: number; limit: number }): Promise<ChainedSubject[]> {
  const { rows } = await sql<ChainedSubject>`
    select e.id as event_id, e.chain_seq, e.data->>'contentSha256' as chained_sha256, v.content, v.content_sha256
    from audit_events e left join policy_versions v on v.id = e.subject_id::uuid
    where e.tenant_id = ${args.tenantId} and e.action = 'policy_version.published' and e.chain_seq > ${args.afterSeq}
    order by e.chain_seq limit ${args.limit}`.execute(db);
  return rows;
}

/** Submitted evaluations with the content hash their submit event chained, a page at a time. */
export async function submittedSubjects(db: Kysely<Database>, args: { tenantId: string; afterSeq: number; limit: number }): Promise<ChainedSubject[]> {
  const { rows } = await sql<ChainedSubject>`
    select e.id as event_id, e.chain_seq, e.data->>'contentSha256' as chained_sha256, v.content, v.content_sha256
    from audit_events e left join evaluations v on v.id = e.subject_id::uuid
    where e.tenant_id = ${args.tenantId} and e.action = 'evaluation.submitted' and e.chain_seq > ${args.afterSeq}
    order by e.chain_seq limit ${args.limit}`.execute(db);
  return rows;
}
