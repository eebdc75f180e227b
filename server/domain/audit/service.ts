import type { Scope } from '../scope.js';
import { type AuditSigner, trustedKey } from './signing.js';
import { type AuditChainReport, verifyChains } from './verify.js';

/**
 * `verifyAuditChain`: the tenant's chains, checkpoints checked against the server's own key. One
 * repeatable-read snapshot, so links appended meanwhile never look like a moved head.
 */
export async function verifyTenantChains(scope: Scope, signer: AuditSigner): Promise<AuditChainReport> {
  const keys = [await trustedKey(signer.publicKeyPem, signer.keyId)];
  return scope.db.transaction().setIsolationLevel('repeatable read').execute((trx) => verifyChains(trx, scope.tenantId, keys));
}

/** What auditors verify checkpoints with. */
export const auditPublicKey = (signer: AuditSigner) => ({ keyId: signer.keyId, pem: signer.publicKeyPem });
