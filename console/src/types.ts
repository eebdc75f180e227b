// The shapes the console reads (the fields queries.ts asks for).

export type Label = 'VIOLATING' | 'NON_VIOLATING' | 'UNCERTAIN';
export type Stage = 'TRIAGE' | 'REASONING' | 'HUMAN';

export interface Viewer { subject: string; tenant: string; roles: string[]; permissions: string[] }
export interface Finding { code: string; message: string }
export interface Rule { id: string; title: string; severity: number | null; action: string | null }
export interface PolicyRef { slug: string; name: string }

export interface PolicyVersion {
  id: string; version: number; status: 'DRAFT' | 'PUBLISHED' | 'RETIRED'; content?: string; rules: Rule[]; policy?: PolicyRef;
  changelog?: string | null; author?: string | null; createdAt?: string; publishedAt?: string | null; retiredAt?: string | null;
  contentSha256?: string; defaultEffort?: string; lint?: Finding[];
}
export interface Policy {
  id: string; slug: string; name: string;
  publishedVersion: { id: string; version: number } | null; latestVersion: { id: string; version: number; status: string } | null;
}

export interface Verdict {
  id: string; stage: Stage; label: Label; ruleIds: string[]; confidence: string | null; severity: number | null;
  rationale: string | null; reasoning?: string | null; reasoningSha256: string | null; evaluator: string; evaluatorIdentity: string;
  reviewer: string | null; effort: string | null; latencyMs: number | null; createdAt: string; hash: string; chainSeq: number | null;
  recommendedAction: string | null; findings: Finding[]; policyVersion: { id: string; version: number; policy: PolicyRef };
  evaluation: { id: string }; supersedes: { id: string; stage: Stage; label: Label } | null;
}

export interface Evaluation {
  id: string; status: string; content: string | null; effort: string | null; effortReason: string | null;
  escalationReasons: string[]; error: string | null; provisionalAction: string; createdAt: string; finishedAt: string | null;
  policyVersions: PolicyVersion[]; verdicts: Verdict[]; finalVerdicts: { id: string }[];
}

export interface Appeal { id: string; status: string; reason: string; appellant: string | null; outcome: string | null; statementOfReasons: string | null }

export interface ReviewItem {
  id: string; status: 'OPEN' | 'CLAIMED' | 'DECIDED'; queue: string; priority: number; severity: number | null; reasons: string[];
  assignee: string | null; claimedUntil: string | null; dueAt: string; createdAt: string; decidedAt: string | null;
  evaluation: Evaluation; note?: string | null; appeal?: Appeal | null; decisions?: Verdict[];
}

export interface QueueEvent { __typename: 'ReviewItemAdded' | 'ReviewItemClaimed' | 'ReviewItemReleased' | 'ReviewItemDecided'; item: ReviewItem }

export type EvaluationEvent =
  | { __typename: 'StageChanged'; seq: number; status: string }
  | { __typename: 'ReasoningDelta'; seq: number; text: string; evaluator: string; policyVersionIds: string[] }
  | { __typename: 'VerdictReached'; seq: number; verdict: Verdict }
  | { __typename: 'EvaluationFinished'; seq: number; evaluation: Evaluation };

export interface HumanDecision { policyVersionId: string; label: Label; ruleIds: string[]; rationale: string | null }

export interface DecisionFilter {
  policySlug?: string; version?: number; ruleId?: string; label?: Label; stage?: Stage; from?: string; to?: string;
}
