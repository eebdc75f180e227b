import type { Plugin } from 'graphql-yoga';
import { permissions } from '../auth/roles.js';
import { listDecisions } from '../domain/verdicts/decisions.js';
import { versionIdsFor } from '../domain/verdicts/decisions.js';
import type { Authenticate } from './authenticate.js';

export const EXPORT_PATH = '/exports/decisions.ndjson';
const PAGE = 500;

/**
 * `GET /exports/decisions.ndjson?policy=SLUG&version=N`: every verdict under that policy (version),
 * newest first, one JSON object per line, streamed page by page. Same token and roles as the
 * `decisions` query.
 */
export function useDecisionExport(options: { readonly authenticate: Authenticate }): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== EXPORT_PATH) return;
      const reply = (status: number, code: string, message: string) =>
        endResponse(new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), { status, headers: { 'content-type': 'application/json' } }));
      let caller;
      try {
        caller = await options.authenticate(request.headers.get('authorization'));
      } catch (error) {
        return reply(401, 'UNAUTHENTICATED', (error as Error).message);
      }
      if (!caller.principal || !caller.scope) return reply(401, 'UNAUTHENTICATED', 'authentication required');
      if (!permissions.audit(caller.principal)) return reply(403, 'FORBIDDEN', 'not allowed to export decisions');
      const slug = url.searchParams.get('policy');
      const version = url.searchParams.get('version');
      if (!slug || (version !== null && !/^\d+$/.test(version))) return reply(400, 'VALIDATION_FAILED', 'give ?policy=SLUG and optionally &version=N');
      const { db, tenantId } = caller.scope;
      const ids = await versionIdsFor(db, { tenantId, slug, version: version === null ? null : Number(version) });
      const lines = async function* () {
        let after = null;
        for (;;) {
          const rows = await listDecisions(db, { tenantId, policyVersionIds: ids, after, limit: PAGE });
          for (const row of rows) yield `${JSON.stringify(row)}\n`;
          if (rows.length < PAGE) return;
          const last = rows.at(-1)!;
          after = { key: new Date(last.created_at).toISOString(), id: last.id };
        }
      };
      const encoder = new TextEncoder();
      const iterator = lines();
      const body = new fetchAPI.ReadableStream({
        async pull(controller) {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
      });
      endResponse(new fetchAPI.Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson' } }));
    },
  };
}
