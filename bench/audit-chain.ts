// The audit chain's costs: appending links (one transaction each, as evaluation submits do),
// verifying them in the database, exporting them and verifying the export offline.
// Knobs: BENCH_LINKS (5000), BENCH_DATABASE_URL (a PostgreSQL database to use; default: in-memory PGlite).
// Run: npx tsx bench/audit-chain.ts
import { connectDatabase } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { createCheckpoints } from '../server/domain/audit/checkpoints.js';
import { auditExportText } from '../server/domain/audit/export.js';
import { verifyExportText } from '../server/domain/audit/offline.js';
import { appendAuditEvent } from '../server/domain/audit/repository.js';
import { createAuditSigner, trustedKey } from '../server/domain/audit/signing.js';
import { verifyChains } from '../server/domain/audit/verify.js';
import { ensureTenant } from '../server/domain/tenants/repository.js';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { machineLine } from './lib/machine.js';

const LINKS = Number(process.env.BENCH_LINKS ?? 5000);
const url = process.env.BENCH_DATABASE_URL;
const database = await connectDatabase(url ? { kind: 'postgres', url, poolSize: 4 } : { kind: 'pglite', dataDir: null });
await migrateToLatest(database.db);
const tenantId = await ensureTenant(database.db, `bench-${randomUUID()}`);
const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const signer = await createAuditSigner(pem);

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} links/s (${ms.toFixed(0)} ms)`;

const [, appendMs] = await timed(async () => {
  for (let i = 0; i < LINKS; i += 1) {
    await database.db.transaction().execute((trx) => appendAuditEvent(trx, {
      tenantId, actor: 'bench', action: 'evaluation.submitted', subjectType: 'Evaluation', subjectId: randomUUID(), data: { contentSha256: 'x'.repeat(64), i },
    }));
  }
});
await createCheckpoints({ db: database.db, tenantId, actor: 'bench' }, signer);
const keys = [await trustedKey(signer.publicKeyPem)];
const [report, verifyMs] = await timed(() => verifyChains(database.db, tenantId, keys));
const [text, exportMs] = await timed(async () => {
  let out = '';
  for await (const line of auditExportText({ db: database.db, tenantId, actor: 'bench' }, signer, { readReasoning: true })) out += line;
  return out;
});
const [offline, offlineMs] = await timed(() => verifyExportText(text, keys));
console.log(machineLine());
console.log(`engine ${database.engine}, ${LINKS} links`);
console.log(`append (one transaction each): ${rate(LINKS, appendMs)}`);
console.log(`verifyAuditChain:              ${rate(LINKS, verifyMs)} ok=${report.ok}`);
console.log(`export audit.ndjson:           ${rate(LINKS, exportMs)} ${(text.length / 1e6).toFixed(1)} MB`);
console.log(`offline verify:                ${rate(LINKS, offlineMs)} valid=${offline.valid}`);
await database.close();
