import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface TenantsTable { id: string; key: string; created_at: Timestamp }

export interface PoliciesTable {
  id: string; tenant_id: string; slug: string; name: string; created_by: string; created_at: Timestamp;
}

export interface StoredRule { id: string; title: string; severity: number; action: string }

export interface PolicyVersionsTable {
  id: string; tenant_id: string; policy_id: string; version: number;
  status: 'DRAFT' | 'PUBLISHED' | 'RETIRED';
  content: string; content_sha256: string; body: string;
  rules: Json<StoredRule[]>; triage: Json<unknown>; review: Json<{ minSeverity: number | null }>;
  default_effort: 'LOW' | 'MEDIUM' | 'HIGH'; changelog: string | null; author: string;
  created_at: Timestamp; published_at: Timestamp | null; retired_at: Timestamp | null;
}

export type EvaluationStatus = 'QUEUED' | 'TRIAGE' | 'REASONING' | 'DECIDED' | 'ESCALATED' | 'FAILED' | 'CANCELLED';

export interface EvaluationsTable {
  id: string; tenant_id: string; status: EvaluationStatus; content: string; content_sha256: string;
  policy_version_ids: string[]; requested_effort: string | null; effort: string | null; effort_reason: string | null;
  idempotency_key: string | null; metadata: Json<unknown> | null; escalation_reasons: Json<string[]>;
  error: string | null; attempts: Generated<number>; submitted_by: string;
  event_seq_reserved: Generated<number>; lease_until: Timestamp | null;
  created_at: Timestamp; updated_at: Timestamp; finished_at: Timestamp | null;
}

export interface EvaluationEventsTable {
  tenant_id: string; evaluation_id: string; seq: number; type: string; payload: Json<unknown>; created_at: Timestamp;
}

export interface VerdictsTable {
  id: string; tenant_id: string; evaluation_id: string; policy_version_id: string;
  stage: 'TRIAGE' | 'REASONING' | 'HUMAN'; label: 'VIOLATING' | 'NON_VIOLATING' | 'UNCERTAIN';
  policy_category: string | null; rule_ids: string[]; confidence: string | null; severity: number | null;
  recommended_action: string | null; rationale: string | null; reasoning: string | null; reasoning_sha256: string | null;
  effort: string | null; usage: Json<unknown> | null; latency_ms: number | null; triage_score: number | null;
  evaluator: string; evaluator_identity: string; findings: Json<{ code: string; message: string }[]>;
  reviewer: string | null; supersedes_id: string | null;
  chain_seq: number; prev_hash: string; hash: string; hash_version: number; created_at: Timestamp;
}

export interface ReviewItemsTable {
  id: string; tenant_id: string; evaluation_id: string; status: 'OPEN' | 'CLAIMED' | 'DECIDED';
  reasons: Json<string[]>; priority: Generated<number>; assignee: string | null;
  due_at: Timestamp; claimed_at: Timestamp | null; resolved_at: Timestamp | null; created_at: Timestamp;
  queue: Generated<string>; severity: number | null; claimed_until: Timestamp | null; appeal_id: string | null;
  decision_ids: Generated<string[]>; note: string | null;
}

/** One standing verdict an appeal contests. */
export interface ContestedVerdict { policyVersionId: string; verdictId: string; label: string }

export interface AppealsTable {
  id: string; tenant_id: string; evaluation_id: string; verdict_id: string | null;
  status: 'OPEN' | 'REASONING' | 'IN_REVIEW' | 'DECIDED';
  reason: string; created_by: string; created_at: Timestamp; resolved_at: Timestamp | null;
  appellant: string | null; outcome: 'UPHELD' | 'OVERTURNED' | null; statement_of_reasons: string | null;
  contested: Json<ContestedVerdict[]>;
}

export interface DatasetsTable { id: string; tenant_id: string; name: string; description: string | null; version: Generated<number>; created_at: Timestamp }

export type DatasetItemSource = 'IMPORT' | 'API' | 'DECISION' | 'REVIEW' | 'APPEAL';

export interface DatasetItemsTable {
  id: string; tenant_id: string; dataset_id: string; content: string;
  labels: Json<Record<string, number>>; provenance: Json<unknown>; created_at: Timestamp;
  source: DatasetItemSource; added_in_version: number; evaluation_id: string | null; ordinal: Generated<number>;
}

export type BenchmarkRunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface BenchmarkRunsTable {
  id: string; tenant_id: string; dataset_id: string | null; policy_version_ids: string[]; evaluator_config: Json<unknown>;
  status: BenchmarkRunStatus; metrics: Json<unknown> | null; error: string | null; created_at: Timestamp; finished_at: Timestamp | null;
  kind: 'BENCHMARK' | 'REPLAY'; dataset_version: number | null; done: Generated<number>; total: Generated<number>;
  created_by: string; started_at: Timestamp | null;
}

export interface BenchmarkItemsTable {
  id: string; tenant_id: string; run_id: string; ordinal: number; repeat: number; dataset_item_id: string | null;
  evaluation_id: string | null; content: string; expected: Json<unknown>; results: Json<unknown>; mismatched: boolean;
  tokens: number; latency_ms: number; created_at: Timestamp;
}

export interface TriageModelsTable {
  id: string; tenant_id: string; policy_id: string; policy_version_id: string; version: number;
  status: 'TRAINING' | 'READY' | 'FAILED'; active: Generated<boolean>; training_source: Json<unknown>;
  onnx: Uint8Array | null; onnx_sha256: string | null; feature_config: Json<unknown> | null;
  thresholds: Json<unknown> | null; metrics: Json<unknown> | null; error: string | null;
  created_at: Timestamp; finished_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: string; tenant_id: string; actor: string; action: string; subject_type: string; subject_id: string;
  data: Json<unknown>; chain_seq: number; prev_hash: string; hash: string; hash_version: number; created_at: Timestamp;
}

export interface ChainHeadsTable { tenant_id: string; chain: 'verdicts' | 'audit_events'; seq: number; hash: string }

/** One worker process's evaluators, refreshed every few seconds (server/fleet). */
export interface WorkerHeartbeatsTable {
  id: string; host: string; pid: number; evaluators: Json<unknown>; started_at: Timestamp; seen_at: Timestamp;
}

export interface AuditCheckpointsTable {
  id: string; tenant_id: string; chain: 'verdicts' | 'audit_events'; seq: number; hash: string;
  key_id: string; signature: string; created_at: Timestamp;
}

/** The whole database, as Kysely sees it. */
export interface Database {
  tenants: TenantsTable;
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  evaluations: EvaluationsTable;
  evaluation_events: EvaluationEventsTable;
  verdicts: VerdictsTable;
  review_items: ReviewItemsTable;
  appeals: AppealsTable;
  datasets: DatasetsTable;
  dataset_items: DatasetItemsTable;
  benchmark_runs: BenchmarkRunsTable;
  benchmark_items: BenchmarkItemsTable;
  triage_models: TriageModelsTable;
  audit_events: AuditEventsTable;
  chain_heads: ChainHeadsTable;
  worker_heartbeats: WorkerHeartbeatsTable;
  audit_checkpoints: AuditCheckpointsTable;
}

export type PolicyRow = Selectable<PoliciesTable>;
export type PolicyVersionRow = Selectable<PolicyVersionsTable>;
export type EvaluationRow = Selectable<EvaluationsTable>;
export type VerdictRow = Selectable<VerdictsTable>;
