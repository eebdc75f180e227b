import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

export const CONSOLE_PATH = '/console';
/** The built console (committed; `npm run console:build` refreshes it, a test fails when it is stale). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.ico': 'image/x-icon', '.png': 'image/png',
};
// Everything the page loads comes from this server: no CDN, no inline script.
const POLICY = [
  "default-src 'self'", "connect-src 'self' ws: wss:", "img-src 'self' data: blob:", "style-src 'self'", "frame-ancestors 'none'",
].join('; ');
// Only plain relative file names reach the file system: no "..", no hidden files, no backslashes.
const ASSET = /^assets\/[\w.-]+$/;

/**
 * `GET /console` and below: the operator console's static files. Asset paths are served as built
 * (content-hashed, cached for good); every other path gets `index.html`, whose router reads the hash.
 */
export function useConsole(): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== CONSOLE_PATH && !url.pathname.startsWith(`${CONSOLE_PATH}/`)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const headers = { allow: 'GET, HEAD' };
        return endResponse(new fetchAPI.Response('method not allowed', { status: 405, headers }));
      }
      const relative = url.pathname.slice(CONSOLE_PATH.length + 1);
      const isAsset = ASSET.test(relative);
      const file = isAsset ? relative : 'index.html';
      let body: Buffer;
      try {
        body = await readFile(join(CONSOLE_DIST, file));
      } catch {
        const message = isAsset ? 'not found' : 'the console is not built: run `npm run console:build`';
        const status = isAsset ? 404 : 503;
        return endResponse(new fetchAPI.Response(message, { status, headers: { 'content-type': 'text/plain' } }));
      }
      const headers = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
        'content-security-policy': POLICY,
        'x-content-type-options': 'nosniff',
      };
      const content = request.method === 'HEAD' ? null : new Uint8Array(body);
      endResponse(new fetchAPI.Response(content, { status: 200, headers }));
    },
  };
}
