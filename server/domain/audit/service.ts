import type { Scope } from '../scope.js';
import { type AuditSigner, trustedKey } from './signing.js';
import { type AuditChainReport, verifyChains } from './verify.js';

/** `verifyAuditChain`: the tenant's chains, checkpoints checked against the server's own key. */
export async function verifyTenantChains(scope: Scope, signer: AuditSigner): Promise<AuditChainReport> {
  return verifyChains(scope.db, scope.tenantId, [await trustedKey(signer.publicKeyPem, signer.keyId)]);
}

/** What auditors verify checkpoints with. */
export const auditPublicKey = (signer: AuditSigner) => ({ keyId: signer.keyId, pem: signer.publicKeyPem });
