import type { Migration } from 'kysely';
import * as m0001 from './20261127000100_tenants_policies.js';
import * as m0002 from './20261127000200_evaluations_verdicts.js';
import * as m0003 from './20261127000300_review_datasets_models.js';
import * as m0004 from './20261127000400_audit_chain.js';
import * as m20261201090000 from './20261201090000_audit_integrity.js';
import * as m20261201100000 from './20261201100000_review_appeals.js';
import * as policyEngineering from './20261201110000_policy_engineering.js';
import * as workerHeartbeats from './20261201140000_worker_heartbeats.js';
import * as engineFailureSemantics from './20261201220000_engine_failure_semantics.js';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '20261127000100_tenants_policies': m0001,
  '20261127000200_evaluations_verdicts': m0002,
  '20261127000300_review_datasets_models': m0003,
  '20261127000400_audit_chain': m0004,
  '20261201090000_audit_integrity': m20261201090000,
  '20261201100000_review_appeals': m20261201100000,
  '20261201110000_policy_engineering': policyEngineering,
  '20261201140000_worker_heartbeats': workerHeartbeats,
  '20261201220000_engine_failure_semantics': engineFailureSemantics,
};
