import { execute, type ExecutionResult, type GraphQLError, type GraphQLSchema, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { permissions } from '../auth/roles.js';
import type { Context, Services } from '../context.js';
import { requireDecisionTarget } from '../domain/verdicts/service.js';
import { DomainError } from '../errors.js';
import { auditExportRoutes } from './audit-export.js';
import type { Authenticate } from './authenticate.js';
import { exportCaller, type FetchAPI, jsonError, ndjsonResponse } from './ndjson.js';

export const EXPORT_PATH = '/exports/decisions.ndjson';

// The export is a client of the GraphQL `decisions` query: same service, paging, auth scopes and
// chain-of-thought gate, and every line is a GraphQL `Verdict`.
const DECISIONS = parse(`query ExportDecisions($filter: DecisionFilter!, $after: String) {
  decisions(filter: $filter, first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
    id stage label policyCategory ruleIds confidence severity recommendedAction rationale reasoning reasoningSha256
    effort usage latencyMs triageScore evaluator evaluatorIdentity findings { code message } reviewer
    supersedes { id } createdAt chainSeq prevHash hash
    evaluation { id } policyVersion { id version policy { id slug } }
  } } }
}`);

const FILTER_PARAMS = { policy: 'policySlug', version: 'version', label: 'label', stage: 'stage', from: 'from', to: 'to', rule: 'ruleId' } as const;

type ExportOptions = { readonly authenticate: Authenticate; readonly schema: GraphQLSchema; readonly services: Services };

/**
 * `GET /exports/decisions.ndjson?policy=&version=&label=&stage=&from=&to=&rule=`: the verdicts the
 * `decisions` query would page through, newest first, one GraphQL-shaped `Verdict` per line; 404
 * for an unknown policy or version. Also mounts the audit exports (audit-export.ts).
 */
export function useDecisionExport(options: ExportOptions): Plugin {
  const auditRoutes = auditExportRoutes(options);
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (await auditRoutes({ request, url, endResponse, fetchAPI })) return;
      if (url.pathname !== EXPORT_PATH) return;
      try {
        endResponse(await decisionsExport(options, request, url, fetchAPI));
      } catch (error) {
        endResponse(failure(fetchAPI, error));
      }
    },
  };
}

async function decisionsExport(options: ExportOptions, request: Request, url: URL, fetchAPI: FetchAPI): Promise<Response> {
  const caller = await exportCaller(fetchAPI, options.authenticate, request, permissions.audit);
  if (caller.denied) return caller.denied;
  const filter = filterOf(url);
  if (typeof filter === 'string') return jsonError(fetchAPI, 'VALIDATION_FAILED', filter);
  await requireDecisionTarget(caller.scope, filter as { policySlug?: string; version?: number });
  const context: Context = { principal: caller.principal, scope: caller.scope, services: options.services };
  const pages = async function* () {
    for (let after: string | null = null; ;) {
      const result = await execute({ schema: options.schema, document: DECISIONS, contextValue: context, variableValues: { filter, after } });
      const page = connectionOf(result);
      for (const edge of page.edges) yield `${JSON.stringify(edge.node)}\n`;
      if (!page.pageInfo.hasNextPage) return;
      after = page.pageInfo.endCursor;
    }
  };
  return ndjsonResponse(fetchAPI, pages(), logFailure);
}

function filterOf(url: URL): Record<string, unknown> | string {
  const filter: Record<string, unknown> = {};
  for (const [param, field] of Object.entries(FILTER_PARAMS)) {
    const value = url.searchParams.get(param);
    if (value === null || value === '') continue;
    if (field === 'version' && !/^\d{1,9}$/.test(value)) return '"version" must be a positive integer';
    filter[field] = field === 'version' ? Number(value) : value;
  }
  return filter;
}

type Connection = { edges: { node: unknown }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

/** The page, or the first GraphQL error thrown as what it was (a domain error keeps its code). */
function connectionOf(result: ExecutionResult): Connection {
  const error = result.errors?.[0];
  // Without a path it is a request error (a bad enum or date in the filter), not a field's.
  if (error) throw (error.path ? error.originalError : null) ?? new ExportRequestError(error);
  return (result.data as { decisions: Connection }).decisions;
}

/** A GraphQL error with a code of its own (FORBIDDEN, a bad enum value in the filter). */
class ExportRequestError extends Error {
  readonly code: string;
  constructor(error: GraphQLError) {
    super(error.message);
    this.code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'VALIDATION_FAILED';
  }
}

/** Expected failures keep their code and message; anything else is logged and masked (no stack, no SQL). */
function failure(fetchAPI: FetchAPI, error: unknown): Response {
  if (error instanceof DomainError || error instanceof ExportRequestError) return jsonError(fetchAPI, error.code, error.message);
  const coded = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  if (coded === 'FORBIDDEN' || coded === 'UNAUTHENTICATED') return jsonError(fetchAPI, coded, (error as Error).message);
  logFailure(error);
  return jsonError(fetchAPI, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
}

function logFailure(error: unknown): void {
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'export failed', error: (error as Error)?.message })}\n`);
}
