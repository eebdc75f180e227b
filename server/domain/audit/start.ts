import { log } from '../../observability/logger.js';
import type { Kysely } from 'kysely';
import { type Config, ConfigError } from '../../config.js';
import type { Database } from '../../db/schema.js';
import { startCheckpointer } from './checkpoints.js';
import { type AuditSigner, createAuditSigner, loadOrCreateSigningKey } from './signing.js';

/** The checkpoint signer from configuration (or the data directory), with automatic checkpoints running. */
export async function startAuditCheckpoints(db: Kysely<Database>, config: Pick<Config, 'audit' | 'dataDir'>): Promise<{ signer: AuditSigner; stop(): Promise<void> }> {
  const pem = config.audit.signingKeyPem ?? (await loadOrCreateSigningKey(config.dataDir));
  let signer: AuditSigner;
  try {
    signer = await createAuditSigner(pem, config.audit.keyId);
  } catch (error) {
    throw new ConfigError([`ARBITER_AUDIT_SIGNING_KEY: not a usable Ed25519 PKCS#8 key (${(error as Error).message})`]);
  }
  const policy = { every: config.audit.checkpointEvery, maxAgeMs: config.audit.checkpointMinutes * 60_000, tickMs: config.audit.checkpointTickMs };
  const checkpointer = startCheckpointer({
    db, signer, policy,
    onError: (error) => log().warn({ error: (error as Error).message }, 'audit checkpoint round failed'),
  });
  return { signer, stop: () => checkpointer.stop() };
}
