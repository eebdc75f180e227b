import type { Principal } from '../auth/roles.js';
import { permissions } from '../auth/roles.js';
import type { Services } from '../context.js';
import { auditExportText } from '../domain/audit/export.js';
import type { Authenticate } from './authenticate.js';
import { exportCaller, type FetchAPI, jsonError, ndjsonResponse } from './ndjson.js';

export const AUDIT_EXPORT_PATH = '/exports/audit.ndjson';
export const PUBLIC_KEY_PATH = '/exports/audit-public-key.pem';

type Route = { request: Request; url: URL; endResponse: (response: Response) => void; fetchAPI: FetchAPI };

/**
 * `GET /exports/audit.ndjson` (roles that audit; the chain of thought only for roles that may read
 * it) and `GET /exports/audit-public-key.pem` (public: what checkpoints are verified with).
 * Returns whether it answered the request.
 */
export function auditExportRoutes(options: { readonly authenticate: Authenticate; readonly services: Services }) {
  const { signer } = options.services.audit;
  return async ({ request, url, endResponse, fetchAPI }: Route): Promise<boolean> => {
    if (url.pathname === PUBLIC_KEY_PATH) {
      endResponse(new fetchAPI.Response(signer.publicKeyPem, { status: 200, headers: { 'content-type': 'application/x-pem-file', 'x-key-id': signer.keyId } }));
      return true;
    }
    if (url.pathname !== AUDIT_EXPORT_PATH) return false;
    try {
      const caller = await exportCaller(fetchAPI, options.authenticate, request, permissions.audit);
      if (caller.denied) endResponse(caller.denied);
      else endResponse(await ndjsonResponse(fetchAPI, auditExportText(caller.scope, signer, { readReasoning: canReadReasoning(caller.principal) }), log));
    } catch (error) {
      log(error);
      endResponse(jsonError(fetchAPI, 'INTERNAL_SERVER_ERROR', 'Unexpected error.'));
    }
    return true;
  };
}

const canReadReasoning = (principal: Principal) => permissions.readReasoning(principal);

function log(error: unknown): void {
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'audit export failed', error: (error as Error)?.message })}\n`);
}
