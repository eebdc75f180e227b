import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { ENVIRONMENT } from '../../server/config-schema.js';

const root = new URL('../../', import.meta.url).pathname;
const problemsOf = (env: NodeJS.ProcessEnv): readonly string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('configuration', () => {
  it('names each bad variable on one line', () => {
    expect(problemsOf({
      PORT: 'http', ARBITER_MULTI_POLICY_STRATEGY: 'both', JWT_SECRET: 'short', ARBITER_EMBEDDED_WORKER: 'no', ARBITER_TOKEN_MAX_LIFETIME: '100y',
    })).toEqual([
      'PORT: must be a port number from 0 to 65535 (got "http")',
      'JWT_SECRET: must be at least 32 bytes (HS256 needs a 256-bit key)',
      'ARBITER_TOKEN_MAX_LIFETIME: must be a duration such as 30d, 12h, 90m or 3600s (got "100y")',
      'ARBITER_MULTI_POLICY_STRATEGY: must be "combined" or "per-policy" (got "both")',
      'ARBITER_EMBEDDED_WORKER: must be true or false (got "no")',
    ]);
  });

  it('reads booleans strictly and keeps the defaults of DESIGN §8', () => {
    const defaults = loadConfig({});
    expect({ port: defaults.port, worker: defaults.embeddedWorker, strategy: defaults.engine.strategy, lifetime: defaults.jwt.maxLifetimeSeconds })
      .toEqual({ port: 4000, worker: true, strategy: 'combined', lifetime: 30 * 86_400 });
    expect([loadConfig({ ARBITER_EMBEDDED_WORKER: 'false' }).embeddedWorker, loadConfig({ ARBITER_EMBEDDED_WORKER: '1' }).embeddedWorker]).toEqual([false, true]);
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ARBITER_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('never accepts a boolean spelled other than true, false, 1 or 0', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }).filter((s) => !['true', 'false', '1', '0'].includes(s)), (value) => {
      expect(problemsOf({ ARBITER_EMBEDDED_WORKER: value })).toEqual([`ARBITER_EMBEDDED_WORKER: must be true or false (got ${JSON.stringify(value)})`]);
    }));
  });

  it('does not print secrets or credentials it refuses', () => {
    const problems = problemsOf({ JWT_SECRET: 'hunter2', DATABASE_URL: 'mysql://admin:pa55word@db/x' });
    expect(problems.join('\n')).not.toMatch(/hunter2|pa55word/);
    expect(problems.map((p) => p.split(':')[0])).toEqual(['DATABASE_URL', 'JWT_SECRET']);
  });

  it('lists every variable it reads in the README configuration table', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Tokens and roles'));
    expect(Object.keys(ENVIRONMENT.shape).filter((name) => !table.includes(`\`${name}\``))).toEqual([]);
  });

  it('exits 2 with one line per bad variable and no stack when the server starts misconfigured', async () => {
    const failure = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root, env: { ...process.env, PORT: '99999', ARBITER_EMBEDDED_WORKER: 'no' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr.trim().split('\n')).toEqual([
      'arbiter: invalid configuration: PORT: must be a port number from 0 to 65535 (got "99999")',
      'arbiter: invalid configuration: ARBITER_EMBEDDED_WORKER: must be true or false (got "no")',
    ]);
  }, 60_000);
});
