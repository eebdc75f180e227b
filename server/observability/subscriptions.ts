import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { metrics } from './metrics.js';

const INSTRUMENTED = Symbol('arbiter.instrumented');

/**
 * Counts open subscriptions per field and the chain-of-thought deltas delivered, on every
 * transport (WebSocket and SSE), by wrapping the schema's subscription fields. A delta counts
 * when it reaches the field's `resolve`, that is after the role filter let it through.
 */
export function instrumentSubscriptions(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getSubscriptionType()?.getFields() ?? {};
  for (const [name, field] of Object.entries(fields)) {
    const subscribe = field.subscribe as (GraphQLFieldResolver<unknown, unknown> & { [INSTRUMENTED]?: true }) | undefined;
    if (!subscribe || subscribe[INSTRUMENTED]) continue;
    const wrapped = async (...args: Parameters<GraphQLFieldResolver<unknown, unknown>>) => {
      const source = await subscribe(...args);
      return isAsyncIterable(source) ? counted(source, name) : source;
    };
    field.subscribe = Object.assign(wrapped, { [INSTRUMENTED]: true as const });
    const resolve = field.resolve;
    field.resolve = (payload, ...rest) => {
      if ((payload as { type?: unknown } | null)?.type === 'ReasoningDelta') metrics.deltasDelivered.inc();
      return resolve ? resolve(payload, ...rest) : payload;
    };
  }
  return schema;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** The same stream, holding the open-subscriptions gauge up until it ends, fails or is returned. */
function counted(source: AsyncIterable<unknown>, field: string): AsyncIterableIterator<unknown> {
  const inner = source[Symbol.asyncIterator]();
  metrics.subscriptionsOpen.inc({ field });
  let open = true;
  const close = () => {
    if (open) metrics.subscriptionsOpen.dec({ field });
    open = false;
  };
  return {
    async next() {
      try {
        const result = await inner.next();
        if (result.done) close();
        return result;
      } catch (error) {
        close();
        throw error;
      }
    },
    async return(value?: unknown) {
      close();
      return (await inner.return?.(value)) ?? { done: true, value };
    },
    async throw(error?: unknown) {
      close();
      if (inner.throw) return inner.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
