// The reasoner-pool plugin: one reasoner over several replicas of a model server (SAFEGUARD_URL list).
export { reasonerPool } from './pool.js';
export { replicaFetch } from './scope.js';
export type { PoolBreakerPolicy, PoolReplica, ReasonerPoolOptions } from './options.js';
