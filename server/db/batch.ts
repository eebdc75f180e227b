/**
 * Collects the keys asked for until the current burst of work is done (setImmediate: after every
 * pending promise job, so sibling GraphQL resolvers land in one batch) and fetches them with one
 * query. Nothing is cached past the batch, so a later request always reads fresh rows.
 */
export function batchLoader<K, V>(fetch: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>): (key: K) => Promise<V | undefined> {
  let pending: Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]> | null = null;
  const run = async (batch: NonNullable<typeof pending>) => {
    try {
      const found = await fetch([...batch.keys()]);
      for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(key));
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
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
