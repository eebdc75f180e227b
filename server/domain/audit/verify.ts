import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { type ChainName, chainPage } from './chain.js';
import { chainHash, GENESIS_HASH } from './hash.js';

/** What `verifyAuditChain` found. */
export interface AuditChainReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBrokenId: string | null;
  readonly firstBrokenChain: ChainName | null;
}

const LINK_COLUMNS = new Set(['chain_seq', 'prev_hash', 'hash']);
const PAGE = 1000;

/** Recomputes every link of a tenant's verdict and audit-event chains; reports the first broken row. */
export async function verifyChains(db: Kysely<Database>, tenantId: string): Promise<AuditChainReport> {
  let checked = 0;
  for (const chain of ['audit_events', 'verdicts'] as const) {
    const result = await verifyChain(db, tenantId, chain);
    checked += result.checked;
    if (result.brokenId) return { ok: false, checked, firstBrokenId: result.brokenId, firstBrokenChain: chain };
  }
  return { ok: true, checked, firstBrokenId: null, firstBrokenChain: null };
}

async function verifyChain(db: Kysely<Database>, tenantId: string, chain: ChainName) {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await chainPage(db, { tenantId, chain, afterSeq: expectedSeq - 1, limit: PAGE });
    for (const row of rows) {
      checked += 1;
      const fields = Object.fromEntries(Object.entries(row).filter(([k]) => !LINK_COLUMNS.has(k)));
      const intact = Number(row.chain_seq) === expectedSeq && row.prev_hash === prevHash && row.hash === chainHash(prevHash, fields);
      if (!intact) return { checked, brokenId: String(row.id) };
      prevHash = String(row.hash);
      expectedSeq += 1;
    }
    if (rows.length < PAGE) return { checked, brokenId: null };
  }
}
