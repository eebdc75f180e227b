import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CHAINS, type ChainName } from './chain.js';
import { type AuditExportLine, EXPORT_FORMAT, exportDigestDocument } from './export.js';
import { checkSignature, type TrustedKey, verifiedDocument } from './signing.js';
import { ChainVerifier, type CheckpointClaim } from './verifier.js';

/** What `arbiter audit verify` found in an export file. */
export interface OfflineReport {
  readonly valid: boolean;
  readonly problems: readonly string[];
  readonly chains: readonly { chain: ChainName; links: number; headSeq: number; checkpointsVerified: number; anchoredSeq: number }[];
}

type Line = AuditExportLine & Record<string, unknown>;

/**
 * Verifies an audit export with nothing but the trusted public keys: the signed digest of the
 * whole file, every checkpoint's signature, every link recomputed, the head; and that each chain
 * with links is anchored by at least one signed checkpoint (else a full recomputation by someone
 * without the key would go unseen).
 */
export async function verifyExportText(text: string, keys: readonly TrustedKey[]): Promise<OfflineReport> {
  const problems: string[] = [];
  const parsed = parseLines(text, problems);
  if (!parsed) return { valid: false, problems, chains: [] };
  const { tenantId, lines } = parsed;
  await checkDigest(parsed, keys, problems);
  const chains = [];
  for (const chain of CHAINS) chains.push(await verifyChain(chain, tenantId, lines.filter((l) => l.chain === chain), keys, problems));
  return { valid: problems.length === 0, problems, chains };
}

interface Parsed { readonly tenantId: string; readonly lines: Line[]; readonly end: Line; readonly body: string; readonly count: number }

function parseLines(text: string, problems: string[]): Parsed | null {
  const raw = text.split('\n');
  if (raw.at(-1) === '') raw.pop();
  const lines: Line[] = [];
  for (const [index, line] of raw.entries()) {
    try {
      lines.push(JSON.parse(line) as Line);
    } catch {
      problems.push(`line ${index + 1} is not JSON`);
      return null;
    }
  }
  const header = lines[0];
  if (header?.type !== 'header' || header.format !== EXPORT_FORMAT || typeof header.tenantId !== 'string') {
    problems.push(`the first line is not an ${EXPORT_FORMAT} header`);
    return null;
  }
  const end = lines.at(-1)!;
  if (end.type !== 'end') {
    problems.push('the export has no end line (truncated?)');
    return null;
  }
  const body = raw.slice(0, -1).map((line) => `${line}\n`).join('');
  return { tenantId: header.tenantId, lines: lines.slice(1, -1), end, body, count: raw.length - 1 };
}

/** The end line signs the sha256 of every byte before it. */
async function checkDigest(parsed: Parsed, keys: readonly TrustedKey[], problems: string[]): Promise<void> {
  const sha256 = createHash('sha256').update(parsed.body, 'utf8').digest('hex');
  if (parsed.end.sha256 !== sha256 || parsed.end.lines !== parsed.count) {
    problems.push(`the file's digest is ${sha256} over ${parsed.count} lines; the end line says ${String(parsed.end.sha256)} over ${String(parsed.end.lines)}`);
    return;
  }
  const signed = await verifiedDocument(String(parsed.end.signature), keys);
  if (typeof signed === 'string') problems.push(`end line: ${signed}`);
  else if (canonicalize(signed) !== canonicalize(exportDigestDocument(parsed.tenantId, parsed.count, sha256))) {
    problems.push('end line: the signed digest is not this file\'s');
  }
}

async function verifyChain(chain: ChainName, tenantId: string, lines: readonly Line[], keys: readonly TrustedKey[], problems: string[]) {
  const claims: CheckpointClaim[] = [];
  for (const c of lines.filter((l) => l.type === 'checkpoint')) {
    const statement = { tenantId, chain, seq: Number(c.seq), hash: String(c.hash), createdAt: String(c.createdAt), keyId: String(c.keyId) };
    const problem = await checkSignature(String(c.signature), statement, keys);
    if (problem) problems.push(`${chain} checkpoint at seq ${statement.seq}: ${problem === 'unknown-key' ? `signed by key ${statement.keyId}, which is not among the trusted keys` : problem}`);
    else claims.push({ id: String(c.id), seq: statement.seq, hash: statement.hash });
  }
  const verifier = new ChainVerifier(chain, claims);
  const links = lines.filter((l) => l.type === 'link');
  for (const l of links) {
    if (Array.isArray(l.redacted) && l.redacted.length > 0) {
      problems.push(`${chain} link ${String(l.seq)}: ${l.redacted.join(', ')} withheld from this export; export as a role that may read it`);
      break;
    }
    verifier.add({ id: String(l.id), seq: Number(l.seq), prevHash: String(l.prevHash), hash: String(l.hash), hashVersion: Number(l.hashVersion), record: l.record as Record<string, unknown>, reasoning: l.reasoning as string | null | undefined });
  }
  const head = lines.find((l) => l.type === 'head');
  const result = verifier.finish(head ? { seq: Number(head.seq), hash: String(head.hash) } : null);
  if (!result.ok) problems.push(`${chain}${result.firstBrokenId ? ` link ${result.firstBrokenId}` : ''}: ${result.reason}`);
  const anchoredSeq = Math.max(0, ...claims.map((c) => c.seq));
  if (result.lastSeq > 0 && claims.length === 0) problems.push(`${chain}: no signed checkpoint anchors its ${result.lastSeq} links`);
  return { chain, links: links.length, headSeq: result.headSeq, checkpointsVerified: claims.length, anchoredSeq };
}
