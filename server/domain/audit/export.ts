import { createHash } from 'node:crypto';
import type { Scope } from '../scope.js';
import { CHAINS, type ChainName, chainHeads, chainPage } from './chain.js';
import { chainCheckpoints } from './checkpoint-repository.js';
import type { AuditSigner } from './signing.js';
import { linkOfRow } from './verify.js';

/** The first line of an audit export. */
export const EXPORT_FORMAT = 'arbiter.audit.export/1';
const PAGE = 1000;

/** One line of `GET /exports/audit.ndjson` (see docs/audit.md). */
export type AuditExportLine =
  | { type: 'header'; format: string; tenantId: string; exportedAt: string; keyId: string }
  | { type: 'checkpoint'; chain: ChainName; id: string; seq: number; hash: string; keyId: string; signature: string; createdAt: string }
  | { type: 'head'; chain: ChainName; seq: number; hash: string }
  | { type: 'link'; chain: ChainName; id: string; seq: number; prevHash: string; hash: string; hashVersion: number;
      record: Record<string, unknown>; reasoning?: string | null; redacted?: string[] }
  | { type: 'end'; lines: number; sha256: string; signature: string };

/** What the `end` line's signature covers: the sha256 of every line before it, bytes as sent. */
export const exportDigestDocument = (tenantId: string, lines: number, sha256: string) =>
  ({ typ: 'arbiter.audit.export-digest/1', tenantId, lines, sha256 });

/**
 * {@link auditExport} as NDJSON text, closed by an `end` line that signs the digest of all the
 * lines before it: a changed, added or dropped character anywhere fails offline verification.
 */
export async function* auditExportText(scope: Scope, signer: AuditSigner, options: { readonly readReasoning: boolean }): AsyncGenerator<string> {
  const digest = createHash('sha256');
  let lines = 0;
  for await (const line of auditExport(scope, signer, options)) {
    const text = `${JSON.stringify(line)}\n`;
    digest.update(text, 'utf8');
    lines += 1;
    yield text;
  }
  const sha256 = digest.digest('hex');
  const signature = await signer.signDocument(exportDigestDocument(scope.tenantId, lines, sha256));
  yield `${JSON.stringify({ type: 'end', lines, sha256, signature })}\n`;
}

/**
 * The tenant's chains as an auditor verifies them offline: per chain its checkpoints, its head,
 * then every link up to that head (links appended meanwhile belong to the next export). The chain
 * of thought is included only when `readReasoning`; scheme-2 links hash it through its digest, so
 * they verify without it, while a scheme-1 link without it is marked `redacted`.
 */
export async function* auditExport(scope: Scope, signer: AuditSigner, options: { readonly readReasoning: boolean }): AsyncGenerator<AuditExportLine> {
  const heads = await chainHeads(scope.db, scope.tenantId);
  // Everything up to each chain's first page is read before the first line, so a database that
  // fails at once fails the request (an error status), not the middle of a 200 body.
  const chains = [];
  for (const chain of CHAINS) {
    const checkpoints = (await chainCheckpoints(scope.db, { tenantId: scope.tenantId, chain })).filter((c) => Number(c.seq) <= heads[chain].seq);
    chains.push({ chain, checkpoints, first: await linkPage(scope, chain, 0, heads[chain].seq) });
  }
  yield { type: 'header', format: EXPORT_FORMAT, tenantId: scope.tenantId, exportedAt: new Date().toISOString(), keyId: signer.keyId };
  for (const { chain, checkpoints, first } of chains) {
    for (const c of checkpoints) {
      yield { type: 'checkpoint', chain, id: c.id, seq: Number(c.seq), hash: c.hash, keyId: c.key_id, signature: c.signature, createdAt: new Date(c.created_at).toISOString() };
    }
    yield { type: 'head', chain, seq: heads[chain].seq, hash: heads[chain].hash };
    for (let rows = first; rows.length > 0;) {
      for (const row of rows) yield exportLink(chain, row, options.readReasoning);
      rows = await linkPage(scope, chain, Number(rows.at(-1)!.chain_seq), heads[chain].seq);
    }
  }
}

/** Links after `afterSeq` up to the head (links appended meanwhile belong to the next export). */
function linkPage(scope: Scope, chain: ChainName, afterSeq: number, headSeq: number): Promise<Record<string, unknown>[]> {
  if (afterSeq >= headSeq) return Promise.resolve([]);
  return chainPage(scope.db, { tenantId: scope.tenantId, chain, afterSeq, limit: Math.min(PAGE, headSeq - afterSeq) });
}

function exportLink(chain: ChainName, row: Record<string, unknown>, readReasoning: boolean): AuditExportLine {
  const link = linkOfRow(chain, row);
  const base = { type: 'link' as const, chain, id: link.id, seq: link.seq, prevHash: link.prevHash, hash: link.hash, hashVersion: link.hashVersion };
  if (chain !== 'verdicts') return { ...base, record: link.record };
  if (readReasoning) return { ...base, record: link.record, reasoning: link.reasoning ?? null };
  if (link.hashVersion >= 2 || link.record.reasoning === null) return { ...base, record: link.record };
  const { reasoning: _withheld, ...record } = link.record;
  return { ...base, record, redacted: ['reasoning'] };
}
