import type { ChainName } from './chain.js';
import { GENESIS_HASH, HASH_VERSIONS, type HashVersion, linkHash, sha256Hex } from './hash.js';

/** One link as a verifier sees it: from the database or from an export file. */
export interface LinkInput {
  readonly id: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly hashVersion: number;
  readonly record: Record<string, unknown>;
  /** A verdict's chain-of-thought text when the source has it (hashed through `reasoning_sha256`). */
  readonly reasoning?: string | null;
}

/** A checkpoint's claim: link `seq` of `chain` has `hash` (its signature is checked apart). */
export interface CheckpointClaim { readonly id: string; readonly seq: number; readonly hash: string }

/** What verifying one chain found. */
export interface ChainResult {
  readonly chain: ChainName;
  readonly ok: boolean;
  readonly checked: number;
  /** The last link read (0 for none). */
  readonly lastSeq: number;
  readonly headSeq: number;
  readonly headMatches: boolean;
  /** Checkpoints whose (seq, hash) matched a link. */
  readonly checkpointsMatched: number;
  readonly firstBrokenId: string | null;
  readonly reason: string | null;
}

/**
 * Recomputes one chain link by link, in order: consecutive seq from 1, each prev hash the hash
 * before, the hash recomputed from the record with the link's scheme (never going back to an
 * older scheme), the CoT text against its digest, every checkpoint against the link at its seq,
 * and at the end the recorded head against the last link.
 */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private lastSeq = 0;
  private version = 1;
  private checked = 0;
  private matched = 0;
  private broken: { id: string | null; reason: string } | null = null;
  // The last link read, broken or not: what the head must point at.
  private tail = { seq: 0, hash: GENESIS_HASH };
  private readonly claims: Map<number, CheckpointClaim[]>;

  constructor(private readonly chain: ChainName, checkpoints: readonly CheckpointClaim[]) {
    this.claims = new Map();
    for (const claim of checkpoints) this.claims.set(claim.seq, [...(this.claims.get(claim.seq) ?? []), claim]);
  }

  /** Checks the next link; false once the chain is broken (later links only move the tail). */
  add(link: LinkInput): boolean {
    this.tail = { seq: link.seq, hash: link.hash };
    if (this.broken) return false;
    this.checked += 1;
    const problem = this.problemWith(link);
    if (problem) {
      this.broken = { id: link.id, reason: problem };
      return false;
    }
    for (const claim of this.claims.get(link.seq) ?? []) {
      if (claim.hash !== link.hash) {
        this.broken = { id: link.id, reason: `checkpoint ${claim.id} signed hash ${claim.hash} for seq ${link.seq}; the link has ${link.hash}` };
        return false;
      }
      this.matched += 1;
    }
    this.prevHash = link.hash;
    this.lastSeq = link.seq;
    this.version = link.hashVersion;
    return true;
  }

  private problemWith(link: LinkInput): string | null {
    if (link.seq !== this.lastSeq + 1) return `expected seq ${this.lastSeq + 1}, found ${link.seq}`;
    if (link.prevHash !== this.prevHash) return `prev hash does not match link ${this.lastSeq}`;
    if (!(HASH_VERSIONS as readonly number[]).includes(link.hashVersion)) return `unknown hash version ${link.hashVersion}`;
    if (link.hashVersion < this.version) return `hash version ${link.hashVersion} after version ${this.version}`;
    const recomputed = linkHash(link.hashVersion as HashVersion, { chain: this.chain, seq: link.seq, prevHash: link.prevHash, record: link.record });
    if (recomputed !== link.hash) return 'hash does not match the recorded fields';
    const digest = link.record.reasoning_sha256;
    if (link.hashVersion >= 2 && typeof link.reasoning === 'string' && sha256Hex(link.reasoning) !== digest) {
      return 'reasoning text does not match reasoning_sha256';
    }
    return null;
  }

  /** Finishes with the chain's recorded head (null when the source has none). */
  finish(head: { readonly seq: number; readonly hash: string } | null): ChainResult {
    const headMatches = head !== null && head.seq === this.tail.seq && head.hash === this.tail.hash;
    let broken = this.broken;
    if (!broken) {
      const beyond = [...this.claims.keys()].filter((seq) => seq > this.lastSeq).sort((a, b) => a - b)[0];
      if (beyond !== undefined) broken = { id: null, reason: `checkpoint at seq ${beyond} is beyond the last link ${this.lastSeq} (links deleted)` };
      else if (!headMatches) broken = { id: null, reason: head ? `head says seq ${head.seq}, the chain ends at ${this.tail.seq}` : 'no head recorded' };
    }
    return {
      chain: this.chain, ok: broken === null, checked: this.checked, lastSeq: this.lastSeq, headSeq: head?.seq ?? 0, headMatches,
      checkpointsMatched: this.matched, firstBrokenId: broken?.id ?? null, reason: broken?.reason ?? null,
    };
  }
}
