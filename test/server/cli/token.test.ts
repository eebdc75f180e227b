import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../../server/auth/verify.js';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;
const secret = 'cli-test-secret-0123456789-0123456789-abcdef';

describe('arbiter token', () => {
  it('mints a token the server accepts, with the tenant and roles asked for', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'token', '--tenant', 'acme', '--roles', 'auditor,reviewer'], { cwd: root, env: { ...process.env, JWT_SECRET: secret } });
    const principal = await createTokenVerifier({ secret, jwksUrl: null, issuer: null, audience: null })(stdout.trim());
    expect({ ...principal, roles: [...principal.roles].sort() }).toEqual({ subject: 'cli:acme', tenantKey: 'acme', roles: ['auditor', 'reviewer'] });
  });

  it('refuses an unknown role with exit code 2', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'token', '--tenant', 'acme', '--roles', 'root'], { cwd: root, env: { ...process.env, JWT_SECRET: secret } }).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain('unknown role(s): root');
  });
});
