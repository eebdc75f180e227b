import { scopeOf } from '../server/context.js';
import { type CheckpointRow, createCheckpoints, getCheckpoint, listCheckpoints } from '../server/domain/audit/checkpoints.js';
import { auditPublicKey, verifyTenantChains } from '../server/domain/audit/service.js';
import type { AuditChainReport } from '../server/domain/audit/verify.js';
import type { ChainResult } from '../server/domain/audit/verifier.js';
import { builder } from './builder.js';
import { connectionNames, pageArgs } from './refs.js';

const AuditChainStatusRef = builder.objectRef<ChainResult>('AuditChainStatus').implement({
  description: 'What verification found in one chain (`verdicts` or `audit_events`).',
  fields: (t) => ({
    chain: t.exposeString('chain', { nullable: false, description: '`verdicts` or `audit_events`.' }),
    ok: t.exposeBoolean('ok', { nullable: false, description: 'Every link recomputes, the head points at the last link, and every checkpoint matches a link.' }),
    checked: t.exposeInt('checked', { nullable: false, description: 'Links recomputed.' }),
    lastSeq: t.exposeInt('lastSeq', { nullable: false, description: 'The last link found.' }),
    headSeq: t.exposeInt('headSeq', { nullable: false, description: 'The seq the chain head records.' }),
    headMatches: t.exposeBoolean('headMatches', { nullable: false, description: 'Whether the chain head points at the last link found (false: links were removed).' }),
    checkpointsMatched: t.exposeInt('checkpointsMatched', { nullable: false, description: 'Signed checkpoints whose seq and hash match the recomputed chain.' }),
    firstBrokenId: t.exposeID('firstBrokenId', { nullable: true, description: 'The row id of the first link that does not verify; null when none, or when what broke is no single link (the head, deleted links).' }),
    reason: t.exposeString('reason', { nullable: true, description: 'What is wrong with the first broken link or the head; null when ok.' }),
  }),
});

const AuditChainReportRef = builder.objectRef<AuditChainReport>('AuditChainReport').implement({
  description: "The result of recomputing every link of the tenant's verdict and audit-event hash chains.",
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { nullable: false, description: 'Every chain verified: links, heads, checkpoints and chained content hashes.' }),
    checked: t.exposeInt('checked', { nullable: false, description: 'Links recomputed, all chains together.' }),
    firstBrokenId: t.exposeID('firstBrokenId', { nullable: true, description: 'The row id of the first link that does not verify; null when none, or when what broke is no single link (the head, deleted links).' }),
    firstBrokenChain: t.exposeString('firstBrokenChain', { nullable: true, description: 'The chain of that link; null when none.' }),
    firstBrokenReason: t.exposeString('firstBrokenReason', { nullable: true, description: 'What is wrong there; null when none.' }),
    headSeq: t.exposeInt('headSeq', { nullable: false, description: 'Links the chain heads record, all chains together (equals `checked` when none is missing).' }),
    headMatches: t.exposeBoolean('headMatches', { nullable: false, description: "Whether every chain's head points at its last link." }),
    checkpointsVerified: t.exposeInt('checkpointsVerified', { nullable: false, description: 'Checkpoints whose Ed25519 signature verified with the server key.' }),
    subjectsChecked: t.exposeInt('subjectsChecked', { nullable: false, description: 'Published versions and submitted evaluations compared with the content sha256 their audit event chained.' }),
    chains: t.field({ type: [AuditChainStatusRef], nullable: false, description: 'The result per chain.', resolve: (r) => [...r.chains] }),
  }),
});

const AuditCheckpointRef = builder.objectRef<CheckpointRow>('AuditCheckpoint');
builder.node(AuditCheckpointRef, {
  description: "A signed statement that link `seq` of one of the tenant's chains has `hash` (Ed25519, compact JWS). "
    + 'Listed by `auditCheckpoints`; `node(id)` fetches one again.',
  id: { resolve: (c) => c.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'key_id' in value && 'signature' in value,
  loadOne: (id, context) => (context.scope ? getCheckpoint(context.scope, id) : null),
  authScopes: { audit: true },
  fields: (t) => ({
    chain: t.exposeString('chain', { nullable: false, description: 'The chain signed: `verdicts` or `audit_events`.' }),
    seq: t.int({ nullable: false, description: 'The link of the chain the checkpoint anchors.', resolve: (c) => Number(c.seq) }),
    hash: t.exposeString('hash', { nullable: false, description: 'The hash of that link (hex SHA-256).' }),
    createdAt: t.field({ type: 'DateTime', nullable: false, description: 'When it was signed.', resolve: (c) => c.created_at }),
    keyId: t.exposeString('key_id', { nullable: false, description: 'The id of the signing key (`auditPublicKey.keyId`).' }),
    signature: t.exposeString('signature', { nullable: false, description: 'Compact JWS (EdDSA) over the RFC 8785 JSON of {chain, createdAt, hash, seq, tenantId, typ}.' }),
  }),
});
const AuditCheckpointConnection = builder.connectionObject({ type: AuditCheckpointRef, ...connectionNames('AuditCheckpoint')[0] }, connectionNames('AuditCheckpoint')[1]);

const AuditPublicKeyRef = builder.objectRef<{ keyId: string; pem: string }>('AuditPublicKey').implement({
  description: 'The key audit checkpoints are signed with; also served at GET /exports/audit-public-key.pem.',
  fields: (t) => ({
    keyId: t.exposeString('keyId', { nullable: false, description: 'The key id checkpoints name in `keyId`.' }),
    algorithm: t.string({ nullable: false, description: 'Always Ed25519.', resolve: () => 'Ed25519' }),
    pem: t.exposeString('pem', { nullable: false, description: 'SPKI PEM.' }),
  }),
});

builder.queryField('verifyAuditChain', (t) =>
  t.field({ type: AuditChainReportRef, nullable: false, authScopes: { audit: true }, description: "Recomputes the tenant's hash chains, checks their heads and signed checkpoints, and reports the first broken link.", resolve: (_, __, c) => verifyTenantChains(scopeOf(c), c.services.audit.signer) }),
);

builder.queryField('auditCheckpoints', (t) =>
  t.field({
    type: AuditCheckpointConnection, nullable: false, description: "The tenant's signed checkpoints, newest first.", authScopes: { audit: true },
    args: { ...pageArgs(t.arg) }, resolve: (_, args, c) => listCheckpoints(scopeOf(c), args) as never,
  }),
);

builder.queryField('auditPublicKey', (t) =>
  t.field({ type: AuditPublicKeyRef, nullable: false, description: 'The public key (and key id) that verifies signed checkpoints offline.', authScopes: { audit: true }, resolve: (_, __, c) => auditPublicKey(c.services.audit.signer) }),
);

const CreateAuditCheckpointPayload = builder.objectRef<{ checkpoints: CheckpointRow[] }>('CreateAuditCheckpointPayload').implement({
  description: 'The checkpoints just signed.',
  fields: (t) => ({ checkpoints: t.field({ type: [AuditCheckpointRef], nullable: false, description: 'One per chain whose head moved since its last checkpoint.', resolve: (p) => p.checkpoints }) }),
});

builder.mutationField('createAuditCheckpoint', (t) =>
  t.field({
    type: CreateAuditCheckpointPayload, nullable: false, description: "Signs the current head of each of the tenant's chains now (admin).",
    authScopes: { checkpointAudit: true },
    resolve: async (_, __, c) => ({ checkpoints: await createCheckpoints(scopeOf(c), c.services.audit.signer) }),
  }),
);
