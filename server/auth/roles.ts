/** The roles a token may carry (DESIGN §8). */
export const ROLES = ['admin', 'policy_author', 'reviewer', 'auditor', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the verified claims of a token. */
export interface Principal {
  readonly subject: string;
  /** The tenant's key (the `tenant` claim), not its row id. */
  readonly tenantKey: string;
  readonly roles: ReadonlySet<Role>;
}

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

const anyOf = (principal: Principal, roles: readonly Role[]): boolean => roles.some((r) => principal.roles.has(r));

/** What each role may do; the schema's auth scopes are built from these. */
export const permissions = {
  read: (p: Principal) => p.roles.size > 0,
  writePolicies: (p: Principal) => anyOf(p, ['admin', 'policy_author']),
  evaluate: (p: Principal) => anyOf(p, ['admin', 'service', 'policy_author']),
  review: (p: Principal) => anyOf(p, ['admin', 'reviewer']),
  audit: (p: Principal) => anyOf(p, ['admin', 'auditor', 'reviewer', 'policy_author']),
  // Chain of thought never reaches end users or plain services.
  readReasoning: (p: Principal) => anyOf(p, ['admin', 'reviewer', 'auditor']),
  manageModels: (p: Principal) => anyOf(p, ['admin', 'policy_author']),
  // Datasets and benchmark runs: authors build and run them, reviewers and auditors read them, services neither.
  writeDatasets: (p: Principal) => anyOf(p, ['admin', 'policy_author']),
  readDatasets: (p: Principal) => anyOf(p, ['admin', 'policy_author', 'reviewer', 'auditor']),
  // Human review (DESIGN §5): the queue, its figures and appeals are read by reviewers, auditors and admins.
  readReviews: (p: Principal) => anyOf(p, ['admin', 'reviewer', 'auditor']),
  // The party an appeal speaks for reaches Arbiter through a service (or an admin).
  appeal: (p: Principal) => anyOf(p, ['admin', 'service']),
  // Signing a checkpoint writes to the audit trail: admin only (auditors write nothing).
  checkpointAudit: (p: Principal) => anyOf(p, ['admin']),
} satisfies Record<string, (p: Principal) => boolean>;

export type Permission = keyof typeof permissions;
