import type { Server } from 'node:http';
import { execute, subscribe } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Context, Services } from '../context.js';
import type { Authenticate } from './authenticate.js';
import type { ArbiterYoga } from './yoga.js';

type Caller = Awaited<ReturnType<Authenticate>>;
type State = { caller?: Caller; expiry?: NodeJS.Timeout };
type Extra = State & { readonly socket: WebSocket };

/** The largest delay setTimeout takes; a later expiry is re-checked when this one fires. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * graphql-ws on the same port and path as HTTP. The connection authenticates once, from
 * `connectionParams.authorization`; a missing or bad token closes it with 4403 before any operation,
 * and so does the token's expiry later on (a client refreshes its token and reconnects). A message
 * over `maxMessageBytes` (the HTTP body limit) closes the socket with 1009. Closing (shutdown)
 * ends every connection with 1001.
 */
export function attachWebSocket(args: {
  readonly server: Server; readonly yoga: ArbiterYoga; readonly services: Services; readonly authenticate: Authenticate; readonly maxMessageBytes: number;
  /** While draining, a new connection is closed at once with 1001 (going away), as at shutdown. */
  readonly health?: { readonly draining: boolean };
}): () => Promise<void> {
  const wss = new WebSocketServer({ server: args.server, path: '/graphql', maxPayload: args.maxMessageBytes });
  const handle = useServer<Record<string, unknown>, State>(
    {
      execute: (a: unknown) => (a as { rootValue: { execute: typeof execute } }).rootValue.execute(a as never),
      subscribe: (a: unknown) => (a as { rootValue: { subscribe: typeof subscribe } }).rootValue.subscribe(a as never),
      // Runs once per connection: a false return refuses it (close code 4403).
      onConnect: async (ctx) => {
        if (args.health?.draining) {
          ctx.extra.socket.close(1001, 'server shutting down');
          return false;
        }
        const authorization = ctx.connectionParams?.authorization;
        if (typeof authorization !== 'string') return false;
        try {
          ctx.extra.caller = await args.authenticate(authorization);
        } catch {
          return false;
        }
        if (ctx.extra.caller.principal === null) return false;
        closeAtExpiry(ctx.extra, authorization);
        return true;
      },
      onDisconnect: (ctx) => clearTimeout(ctx.extra.expiry),
      onClose: (ctx) => clearTimeout(ctx.extra.expiry),
      // Runs per operation: yoga's envelop parses, validates (limits included) and binds the context.
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, parse, validate } = args.yoga.getEnveloped({ params: payload });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const contextValue: Context = { principal: ctx.extra.caller!.principal, scope: ctx.extra.caller!.scope, services: args.services };
        return { schema, operationName: payload.operationName, document, variableValues: payload.variables, contextValue, rootValue: { execute, subscribe } };
      },
    },
    wss,
  );
  return async () => {
    await handle.dispose();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}

/** Closes the socket with 4403 when the (already verified) token's `exp` passes. */
function closeAtExpiry(extra: Extra, authorization: string): void {
  const exp = expiryOf(authorization);
  if (exp === null) return;
  const check = () => {
    const left = exp * 1000 - Date.now();
    if (left <= 0) extra.socket.close(CloseCode.Forbidden, 'Forbidden: the token expired');
    else extra.expiry = setTimeout(check, Math.min(left, MAX_TIMER_MS));
  };
  check();
}

function expiryOf(authorization: string): number | null {
  try {
    const exp = decodeJwt(authorization.replace(/^Bearer\s+/i, '')).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}
