import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type OfflineReport, verifyExportText } from '../domain/audit/offline.js';
import { type TrustedKey, trustedKey } from '../domain/audit/signing.js';

const USAGE = 'usage: arbiter audit verify FILE --public-key PEM [--public-key PEM…] [--json]';
const HELP = `${USAGE}
Verifies an export of GET /exports/audit.ndjson offline: the signed digest of the file, every
checkpoint's Ed25519 signature, every link's hash, the chain heads. PEM is a public key file
(GET /exports/audit-public-key.pem); give one per key that signed (after a key rotation).
Exit 0: valid. 1: invalid (each problem printed). 2: usage.`;

/** `arbiter audit verify FILE --public-key PEM`: 0 valid, 1 invalid, 2 usage. */
export async function run(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { 'public-key': { type: 'string', multiple: true }, json: { type: 'boolean' }, help: { type: 'boolean' } } });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const [command, file, ...extra] = positionals;
  if (command !== 'verify' || !file || extra.length > 0) return usage(USAGE);
  if (!values['public-key']?.length) return usage('--public-key PEM is required');
  const keys = await loadKeys(values['public-key']);
  if (typeof keys === 'string') return usage(keys);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return usage(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const report = await verifyExportText(text, keys);
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : describe(report));
  return report.valid ? 0 : 1;
}

function usage(line: string): number {
  process.stderr.write(`${line.split('\n')[0]}\n`);
  return 2;
}

async function loadKeys(sources: readonly string[]): Promise<TrustedKey[] | string> {
  const keys: TrustedKey[] = [];
  for (const source of sources) {
    try {
      keys.push(await trustedKey(source.includes('-----BEGIN') ? source : await readFile(source, 'utf8')));
    } catch (error) {
      return `--public-key ${source}: not an Ed25519 public key PEM (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
  }
  return keys;
}

function describe(report: OfflineReport): string {
  const chains = report.chains.map((c) => `  ${c.chain}: ${c.links} links, head ${c.headSeq}, ${c.checkpointsVerified} signed checkpoint(s) (anchored to seq ${c.anchoredSeq})\n`);
  const verdict = report.valid ? 'valid\n' : `INVALID\n${report.problems.map((p) => `  - ${p}\n`).join('')}`;
  return `${chains.join('')}${verdict}`;
}
