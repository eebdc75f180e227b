import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, importSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../server/config.js';
import { loadOrCreateSigningKey } from '../../../../server/domain/audit/signing.js';
import { startAuditCheckpoints } from '../../../../server/domain/audit/start.js';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { testEngine } from '../../../helpers/database.js';
import { policyDocument } from '../../../helpers/policies.js';

const CHECKPOINTS = '{ auditCheckpoints(first: 10) { edges { node { chain seq hash keyId signature createdAt } } } }';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`signed audit checkpoints (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  beforeAll(async () => {
    app = await createTestApp({}, { ARBITER_AUDIT_SIGNING_KEY: pem, ARBITER_AUDIT_KEY_ID: 'ops-2026-12', ARBITER_AUDIT_CHECKPOINT_EVERY: '3', ARBITER_AUDIT_CHECKPOINT_TICK_MS: '50' });
    admin = await app.token(['admin']);
  }, 180_000);
  afterAll(async () => app.close());

  const create = (slug: string) => app.gql(`mutation($i: CreatePolicyInput!) { createPolicy(input: $i) { __typename } }`, { i: { slug, name: slug, content: policyDocument({ slug }) } }, admin);
  const list = async () => (await app.gql(CHECKPOINTS, {}, admin)).data.auditCheckpoints.edges.map((e: { node: Record<string, unknown> }) => e.node);

  it('signs a chain automatically once N links are unanchored, with the configured key id', async () => {
    await create('a');
    await create('b');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await list()).toEqual([]);
    await create('c');
    const made = await eventually(list, (c) => c.length > 0);
    expect(made).toEqual([expect.objectContaining({ chain: 'audit_events', seq: 3, keyId: 'ops-2026-12' })]);
  });

  it('signs on demand for an admin only, and the signature verifies with the published key', async () => {
    await create('d');
    const forbidden = await app.gql('mutation { createAuditCheckpoint { checkpoints { seq } } }', {}, await app.token(['auditor']));
    expect(forbidden.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const made = await app.gql('mutation { createAuditCheckpoint { checkpoints { chain seq hash keyId signature } } }', {}, admin);
    const [checkpoint] = made.data.createAuditCheckpoint.checkpoints;
    expect(checkpoint).toMatchObject({ chain: 'audit_events', seq: 4, keyId: 'ops-2026-12' });
    const head = await app.database.db.selectFrom('chain_heads').select(['seq', 'hash']).where('chain', '=', 'audit_events').executeTakeFirstOrThrow();
    expect(checkpoint.hash).toBe(head.hash);
    const published = await (await app.yoga.fetch('http://localhost/exports/audit-public-key.pem')).text();
    const key = (await app.gql('{ auditPublicKey { keyId algorithm pem } }', {}, await app.token(['auditor']))).data.auditPublicKey;
    expect(key).toEqual({ keyId: 'ops-2026-12', algorithm: 'Ed25519', pem: published });
    const { payload, protectedHeader } = await compactVerify(checkpoint.signature, await importSPKI(published, 'EdDSA'));
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: 'ops-2026-12' });
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ chain: 'audit_events', seq: 4, hash: head.hash, typ: 'arbiter.audit.checkpoint/1' });
    expect((await list()).map((c: { seq: number }) => c.seq)).toEqual([4, 3]);
  });

  it('fetches a checkpoint again by its global id for its own tenant only', async () => {
    await create('n');
    const made = await app.gql('mutation { createAuditCheckpoint { checkpoints { id seq hash } } }', {}, admin);
    const [checkpoint] = made.data.createAuditCheckpoint.checkpoints;
    const query = '{ node(id: "ID") { ... on AuditCheckpoint { id seq hash } } }'.replace('ID', checkpoint.id);
    expect((await app.gql(query, {}, await app.token(['auditor']))).data.node).toEqual(checkpoint);
    expect((await app.gql(query, {}, await app.token(['auditor'], 'another-tenant'))).data.node).toBeNull();
  });

  it('signs a link that waited the configured minutes even below N links', async () => {
    const config = loadConfig({ ARBITER_AUDIT_SIGNING_KEY: pem, ARBITER_AUDIT_CHECKPOINT_MINUTES: '0', ARBITER_AUDIT_CHECKPOINT_TICK_MS: '50', ARBITER_DATA_DIR: tmpdir() });
    await create('e');
    const audit = await startAuditCheckpoints(app.database.db, config);
    try {
      const made = await eventually(list, (c) => c.some((x: { seq: number }) => x.seq === 5));
      expect(made[0]).toMatchObject({ chain: 'audit_events', seq: 5 });
    } finally {
      await audit.stop();
    }
  });
});

describe('the checkpoint signing key', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arbiter-key-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('is generated once into the data directory and kept', async () => {
    const first = await loadOrCreateSigningKey(dir);
    expect(first).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await loadOrCreateSigningKey(dir)).toBe(first);
  });

  it('refuses a key that is not Ed25519 with a configuration error naming the variable', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const config = loadConfig({ ARBITER_AUDIT_SIGNING_KEY: rsa, ARBITER_DATA_DIR: dir });
    await expect(startAuditCheckpoints(null as never, config)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/^ARBITER_AUDIT_SIGNING_KEY: .*Ed25519/) });
    expect(() => loadConfig({ ARBITER_AUDIT_SIGNING_KEY: join(dir, 'missing.pem') })).toThrow(/ARBITER_AUDIT_SIGNING_KEY: must be a PKCS#8 PEM or a readable file/);
  });
});
