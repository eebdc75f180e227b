import { parseArgs } from 'node:util';
import { loadOrCreateDevSecret } from '../auth/dev-secret.js';
import { mintToken } from '../auth/mint.js';
import { isRole, ROLES } from '../auth/roles.js';
import { loadConfig } from '../config.js';
import { parseDuration } from '../config-schema.js';
import { UsageError } from './usage.js';


/** `arbiter token`: mints a token for a tenant and roles and prints it. */
export async function run(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { tenant: { type: 'string' }, roles: { type: 'string' }, sub: { type: 'string' }, expires: { type: 'string' } },
  });
  const roles = (values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !isRole(r));
  if (!values.tenant) throw new UsageError('--tenant is required');
  if (roles.length === 0) throw new UsageError(`--roles is required (${ROLES.join(', ')})`);
  if (unknown.length > 0) throw new UsageError(`unknown role(s): ${unknown.join(', ')}`);
  const config = loadConfig();
  const lifetime = parseDuration(values.expires ?? `${config.jwt.maxLifetimeSeconds}s`);
  if (lifetime === null) throw new UsageError(`--expires must be a duration such as 30d, 12h or 90m, got "${values.expires}"`);
  if (lifetime > config.jwt.maxLifetimeSeconds) throw new UsageError(`--expires is longer than ARBITER_TOKEN_MAX_LIFETIME (${config.jwt.maxLifetimeSeconds} s)`);
  if (config.jwt.jwksUrl) {
    process.stderr.write('JWT_JWKS_URL is set: tokens come from your identity provider, not from arbiter token\n');
    return 2;
  }
  const secret = config.jwt.secret ?? (await loadOrCreateDevSecret(config.dataDir));
  const token = await mintToken({
    secret, tenant: values.tenant, roles: roles.filter(isRole), subject: values.sub ?? `cli:${values.tenant}`,
    expiresIn: `${lifetime}s`, issuer: config.jwt.issuer, audience: config.jwt.audience,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}
