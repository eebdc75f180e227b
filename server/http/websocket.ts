import type { Server } from 'node:http';
import { execute, subscribe } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Context, Services } from '../context.js';
import type { Authenticate } from './authenticate.js';
import type { ArbiterYoga } from './yoga.js';

/**
 * graphql-ws on the same port and path as HTTP. The connection authenticates once, from
 * `connectionParams.authorization`; a missing or bad token closes it with 4403 before any operation.
 * Closing (shutdown) ends every connection with 1001.
 */
export function attachWebSocket(args: {
  readonly server: Server;
  readonly yoga: ArbiterYoga;
  readonly services: Services;
  readonly authenticate: Authenticate;
  /** While draining, a new connection is closed at once with 1001 (going away), as at shutdown. */
  readonly health?: { readonly draining: boolean };
}): () => Promise<void> {
  const wss = new WebSocketServer({ server: args.server, path: '/graphql' });
  const handle = useServer<Record<string, unknown>, { caller?: Awaited<ReturnType<Authenticate>> }>(
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
          return ctx.extra.caller.principal !== null;
        } catch {
          return false;
        }
      },
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
