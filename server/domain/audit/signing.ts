import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { calculateJwkThumbprint, CompactSign, compactVerify, decodeProtectedHeader, exportJWK } from 'jose';

/** What a checkpoint signs: link `seq` of a tenant's `chain` has `hash`. */
export interface CheckpointStatement {
  readonly tenantId: string;
  readonly chain: string;
  readonly seq: number;
  readonly hash: string;
  readonly createdAt: string;
}

/** The Ed25519 key that signs checkpoints, and how auditors identify and verify it. */
export interface AuditSigner {
  readonly keyId: string;
  readonly publicKeyPem: string;
  /** A compact JWS (EdDSA, `kid` in the header) over the statement's RFC 8785 JSON. */
  sign(statement: CheckpointStatement): Promise<string>;
  /** The same over any JSON document (an export's digest). */
  signDocument(document: Record<string, unknown>): Promise<string>;
}

/** A public key an auditor trusts, with the key id checkpoints name it by. */
export interface TrustedKey { readonly keyId: string; readonly key: KeyObject }

const STATEMENT_TYPE = 'arbiter.audit.checkpoint/1';
const statementJson = (s: CheckpointStatement) =>
  canonicalize({ chain: s.chain, createdAt: s.createdAt, hash: s.hash, seq: s.seq, tenantId: s.tenantId, typ: STATEMENT_TYPE })!;

/** The key id of a public key unless one is configured: its RFC 7638 JWK thumbprint. */
export async function keyIdOf(publicKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(publicKey));
}

/** A signer from a PKCS#8 PEM Ed25519 private key; throws a plain Error when the key is unusable. */
export async function createAuditSigner(privatePem: string, configuredKeyId: string | null = null): Promise<AuditSigner> {
  const privateKey = createPrivateKey(privatePem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the audit signing key must be Ed25519, got ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  const keyId = configuredKeyId ?? (await keyIdOf(publicKey));
  const signText = (text: string) => new CompactSign(new TextEncoder().encode(text)).setProtectedHeader({ alg: 'EdDSA', kid: keyId }).sign(privateKey);
  return {
    keyId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (statement) => signText(statementJson(statement)),
    signDocument: (document) => signText(canonicalize(document)!),
  };
}

/** The JSON document a {@link AuditSigner.signDocument} signature carries, if a trusted key verifies it. */
export async function verifiedDocument(signature: string, keys: readonly TrustedKey[]): Promise<Record<string, unknown> | string> {
  try {
    const { kid } = decodeProtectedHeader(signature);
    const key = keys.find((k) => k.keyId === kid);
    if (!key) return `signed by key ${String(kid)}, which is not among the trusted keys`;
    const { payload } = await compactVerify(signature, key.key, { algorithms: ['EdDSA'] });
    return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  } catch {
    return 'signature does not verify';
  }
}

/**
 * The signing key of a server without a configured one: generated on first start and kept in
 * the data directory (like the dev JWT secret), so checkpoints stay verifiable after a restart.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<string> {
  const file = join(dataDir, 'audit-signing-key.pem');
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  // Another process may have won the race to create it: use whichever landed.
  return readFile(file, 'utf8');
}

/** A trusted key from a public (SPKI) PEM; its id is the thumbprint unless given. */
export async function trustedKey(publicPem: string, keyId: string | null = null): Promise<TrustedKey> {
  const key = createPublicKey(publicPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 public key (${key.asymmetricKeyType})`);
  return { keyId: keyId ?? (await keyIdOf(key)), key };
}

/**
 * Checks a checkpoint's signature and that it signs exactly `expected`. Returns null when valid,
 * 'unknown-key' when no trusted key has its key id, or what is wrong.
 */
export async function checkSignature(signature: string, expected: CheckpointStatement & { readonly keyId: string }, keys: readonly TrustedKey[]): Promise<string | null> {
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(signature).kid;
  } catch {
    return 'signature is not a compact JWS';
  }
  if (kid !== expected.keyId) return `signature names key ${String(kid)}, the checkpoint ${expected.keyId}`;
  const key = keys.find((k) => k.keyId === kid);
  if (!key) return 'unknown-key';
  try {
    const { payload } = await compactVerify(signature, key.key, { algorithms: ['EdDSA'] });
    if (new TextDecoder().decode(payload) !== statementJson(expected)) return 'the signed statement differs from the checkpoint';
    return null;
  } catch {
    return 'signature does not verify';
  }
}
