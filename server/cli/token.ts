import { parseArgs } from 'node:util';
import { loadOrCreateDevSecret } from '../auth/dev-secret.js';
import { mintToken } from '../auth/mint.js';
import { isRole, ROLES } from '../auth/roles.js';
import { loadConfig } from '../config.js';

const USAGE = `usage: arbiter token --tenant T --roles ${ROLES.join(',')} [--sub SUBJECT] [--expires 30d]
Signs an HS256 token with JWT_SECRET, or with the dev secret in ARBITER_DATA_DIR when JWT_SECRET is unset.`;

/** `arbiter token`: mints a token for a tenant and roles and prints it. */
export async function run(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { tenant: { type: 'string' }, roles: { type: 'string' }, sub: { type: 'string' }, expires: { type: 'string' }, help: { type: 'boolean' } },
  });
  const roles = (values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !isRole(r));
  if (values.help || !values.tenant || roles.length === 0 || unknown.length > 0) {
    if (unknown.length > 0) process.stderr.write(`unknown role(s): ${unknown.join(', ')}\n`);
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  if (config.jwt.jwksUrl) {
    process.stderr.write('JWT_JWKS_URL is set: tokens come from your identity provider, not from arbiter token\n');
    return 2;
  }
  const secret = config.jwt.secret ?? (await loadOrCreateDevSecret(config.dataDir));
  const token = await mintToken({
    secret, tenant: values.tenant, roles: roles.filter(isRole), subject: values.sub ?? `cli:${values.tenant}`,
    expiresIn: values.expires ?? '30d', issuer: config.jwt.issuer, audience: config.jwt.audience,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}
