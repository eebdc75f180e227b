import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIST } from '../../../server/http/console.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';

describe('GET /console', () => {
  let app: TestApp;
  beforeAll(async () => void (app = await createTestApp()));
  afterAll(async () => app.close());
  const get = (path: string, init: RequestInit = {}) => app.yoga.fetch(`http://localhost${path}`, init);

  it('serves the console page with a same-origin content security policy, no token needed', async () => {
    for (const path of ['/console', '/console/', '/console/queue/anything']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toContain('<div id="app"></div>');
    }
  });

  it('serves the built assets with their type, cached for good', async () => {
    const script = readdirSync(`${CONSOLE_DIST}assets`).find((name) => name.endsWith('.js'))!;
    const response = await get(`/console/assets/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 for an unknown asset and never reads outside the build', async () => {
    expect((await get('/console/assets/missing.js')).status).toBe(404);
    for (const path of ['/console/assets/..%2F..%2Fpackage.json', '/console/../package.json', '/console/assets/.%2E/index.html']) {
      const response = await get(path);
      const body = await response.text();
      expect(body).not.toContain('"dependencies"');
    }
  });

  it('refuses other methods', async () => {
    const response = await get('/console', { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('leaves /graphql and the other routes alone', async () => {
    expect((await get('/consoles')).status).not.toBe(200);
    const graphql = await app.gql('{ viewer { tenant } }');
    expect(graphql.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
