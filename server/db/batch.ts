type Waiter<V> = { resolve: (v: V | undefined) => void; reject: (e: unknown) => void };

/**
 * Collects the keys asked for until the current burst of work is done (setImmediate: after every
 * pending promise job, so sibling GraphQL resolvers land in one batch) and fetches them with one
 * query. Nothing is cached past the batch, so a later request always reads fresh rows.
 *
 * Errors are per key: when the batched query fails, each key is fetched again on its own, so one
 * bad key (a malformed id from another request of the burst) fails only its own waiters.
 */
export function batchLoader<K, V>(fetch: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>): (key: K) => Promise<V | undefined> {
  let pending: Map<K, Waiter<V>[]> | null = null;
  const run = async (batch: Map<K, Waiter<V>[]>) => {
    try {
      const found = await fetch([...batch.keys()]);
      for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(key));
    } catch (error) {
      if (batch.size === 1) for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      else await Promise.all([...batch].map(([key, waiters]) => run(new Map([[key, waiters]]))));
    }
  };
  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      if (!pending) {
        const batch = (pending = new Map());
        setImmediate(() => {
          pending = null;
          void run(batch);
        });
      }
      const waiters = pending.get(key) ?? [];
      waiters.push({ resolve, reject });
      pending.set(key, waiters);
    });
}
/** One loader per (database, tenant), built on first use; rows never cross tenants. */
export function perTenant<D extends object, L>(make: (db: D, tenantId: string) => L): (db: D, tenantId: string) => L {
  const byDb = new WeakMap<D, Map<string, L>>();
  return (db, tenantId) => {
    let byTenant = byDb.get(db);
    if (!byTenant) byDb.set(db, (byTenant = new Map()));
    let loader = byTenant.get(tenantId);
    if (!loader) byTenant.set(tenantId, (loader = make(db, tenantId)));
    return loader;
  };
}
