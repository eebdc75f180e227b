import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { CHAINS, type ChainName, chainHeads, chainPage } from './chain.js';
import { chainCheckpoints, type CheckpointRow } from './checkpoint-repository.js';
import type { HashVersion } from './hash.js';
import { hashedRecord } from './records.js';
import { checkSignature, type TrustedKey } from './signing.js';
import { checkSubjects } from './subjects.js';
import { type ChainResult, ChainVerifier, type LinkInput } from './verifier.js';

/** What `verifyAuditChain` found, over all of a tenant's chains. */
export interface AuditChainReport {
  readonly ok: boolean;
  /** Links recomputed, all chains together. */
  readonly checked: number;
  readonly firstBrokenId: string | null;
  readonly firstBrokenChain: ChainName | null;
  readonly firstBrokenReason: string | null;
  /** The links the chain heads claim, all chains together: equals `checked` when nothing is missing. */
  readonly headSeq: number;
  /** Whether every chain's head points at its last link. */
  readonly headMatches: boolean;
  /** Checkpoints whose signature verified with a trusted key and whose (seq, hash) matched. */
  readonly checkpointsVerified: number;
  /** Published versions and submitted evaluations compared with the content hash their event chained. */
  readonly subjectsChecked: number;
  readonly chains: readonly ChainResult[];
}

const PAGE = 1000;

/** The verifier's view of a stored link. */
export function linkOfRow(chain: ChainName, row: Record<string, unknown>): LinkInput {
  const hashVersion = Number(row.hash_version ?? 1);
  const version = (hashVersion === 1 ? 1 : 2) as HashVersion;
  return {
    id: String(row.id), seq: Number(row.chain_seq), prevHash: String(row.prev_hash), hash: String(row.hash), hashVersion,
    record: hashedRecord(chain, version, row), reasoning: chain === 'verdicts' ? (row.reasoning as string | null) : undefined,
  };
}

/**
 * Recomputes every link of a tenant's audit-event and verdict chains, checks each head and each
 * stored checkpoint (its claim against the link, its signature with `keys`); reports the first
 * problem. A checkpoint signed by a key not in `keys` (a rotated one) is matched but not counted.
 */
export async function verifyChains(db: Kysely<Database>, tenantId: string, keys: readonly TrustedKey[] = []): Promise<AuditChainReport> {
  const heads = await chainHeads(db, tenantId);
  const chains: ChainResult[] = [];
  let verified = 0;
  let signatureProblem: { chain: ChainName; id: string; reason: string } | null = null;
  for (const chain of CHAINS) {
    const checkpoints = await chainCheckpoints(db, { tenantId, chain });
    const signatures = await checkSignatures(tenantId, checkpoints, keys);
    verified += signatures.verified;
    signatureProblem ??= signatures.problem ? { chain, ...signatures.problem } : null;
    chains.push(await walk(db, tenantId, chain, checkpoints, heads[chain]));
  }
  const subjects = await checkSubjects(db, tenantId);
  const broken = chains.find((c) => !c.ok);
  const other = signatureProblem ?? (subjects.problem ? { chain: 'audit_events' as const, ...subjects.problem } : null);
  return {
    ok: !broken && !other,
    checked: chains.reduce((n, c) => n + c.checked, 0),
    firstBrokenId: broken ? broken.firstBrokenId : (other?.id ?? null),
    firstBrokenChain: broken ? broken.chain : (other?.chain ?? null),
    firstBrokenReason: broken ? broken.reason : (other?.reason ?? null),
    headSeq: chains.reduce((n, c) => n + c.headSeq, 0),
    headMatches: chains.every((c) => c.headMatches),
    checkpointsVerified: verified,
    subjectsChecked: subjects.checked,
    chains,
  };
}

async function walk(db: Kysely<Database>, tenantId: string, chain: ChainName, checkpoints: readonly CheckpointRow[], head: { seq: number; hash: string }): Promise<ChainResult> {
  const verifier = new ChainVerifier(chain, checkpoints.map((c) => ({ id: c.id, seq: Number(c.seq), hash: c.hash })));
  for (let afterSeq = 0; ;) {
    const rows = await chainPage(db, { tenantId, chain, afterSeq, limit: PAGE });
    for (const row of rows) verifier.add(linkOfRow(chain, row));
    if (rows.length < PAGE) break;
    afterSeq = Number(rows.at(-1)!.chain_seq);
  }
  // A chain never written has no head row; it verifies as empty.
  return verifier.finish(head);
}

async function checkSignatures(tenantId: string, checkpoints: readonly CheckpointRow[], keys: readonly TrustedKey[]) {
  let verified = 0;
  for (const c of checkpoints) {
    const statement = { tenantId, chain: c.chain, seq: Number(c.seq), hash: c.hash, createdAt: new Date(c.created_at).toISOString(), keyId: c.key_id };
    const problem = await checkSignature(c.signature, statement, keys);
    if (problem === null) verified += 1;
    else if (problem !== 'unknown-key') return { verified, problem: { id: c.id, reason: `checkpoint ${c.id}: ${problem}` } };
  }
  return { verified, problem: null };
}
