import pg from 'pg';

/** How the synthetic history is laid out: `evaluations` items, each with a TRIAGE and a REASONING verdict. */
export interface HistoryShape {
  readonly tenantId: string;
  /**
   * `[A v1, A v2, B, C]`: half the items are under policy A (v1 in the older half of the history,
   * v2 in the newer half, as a new version replaces the old), a quarter each under B and C.
   */
  readonly versionIds: readonly [string, string, string, string];
  readonly evaluations: number;
  /** Seconds between consecutive items; the newest item is at `newest`. */
  readonly spacingSeconds: number;
  readonly newest: Date;
}

/**
 * Bulk-loads the history with generate_series, as the app would have written it except for the
 * hash chain: `hash`/`prev_hash` are synthetic (md5-based, never verified here) and the chain
 * head is set to the last link. Ids are md5-derived uuids so verdicts can name their evaluation
 * and the TRIAGE verdict they supersede without a join. Returns seconds spent per step.
 */
export async function loadHistory(url: string, shape: HistoryShape): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const timings: Record<string, number> = {};
  const step = async (name: string, text: string, values: unknown[] = []) => {
    const started = performance.now();
    await client.query(text, values);
    timings[name] = (performance.now() - started) / 1000;
  };
  try {
    await client.query('set synchronous_commit = off');
    await client.query('set maintenance_work_mem = \'256MB\'');
    const base = [shape.tenantId, shape.versionIds, shape.evaluations, shape.spacingSeconds, shape.newest];
    await step('evaluations', `
      insert into evaluations (id, tenant_id, status, content, content_sha256, policy_version_ids, escalation_reasons,
        submitted_by, created_at, updated_at, finished_at)
      select md5('e' || g)::uuid, $1, 'DECIDED', 'bench item ' || g, md5('c' || g) || md5('d' || g),
        array[($2::uuid[])[case when g % 2 = 0 then (case when g <= $3::int / 2 then 1 else 2 end) when g % 4 = 1 then 3 else 4 end]], '[]'::jsonb, 'bench:load', t, t, t
      from generate_series(1, $3::int) g, lateral (select $5::timestamptz - (($3::int - g) * $4::int) * interval '1 second' as t) ts`, base);
    await step('verdicts', `
      insert into verdicts (id, tenant_id, evaluation_id, policy_version_id, stage, label, policy_category, rule_ids, confidence,
        severity, recommended_action, rationale, effort, latency_ms, triage_score, evaluator, evaluator_identity, findings,
        supersedes_id, chain_seq, prev_hash, hash, created_at)
      select md5('v' || n)::uuid, $1, md5('e' || g)::uuid, ($2::uuid[])[case when g % 2 = 0 then (case when g <= $3::int / 2 then 1 else 2 end) when g % 4 = 1 then 3 else 4 end],
        case when triage then 'TRIAGE' else 'REASONING' end,
        case when violating then 'VIOLATING' when triage then 'UNCERTAIN' else 'NON_VIOLATING' end,
        case when violating then 'PT1' end, case when violating then array['PT1.a'] else array[]::text[] end,
        case when triage then null else 'HIGH' end, case when violating then 2 end, case when violating then 'remove' end,
        case when violating then 'matched PT1.a' end, case when triage then null else 'LOW' end, (n % 900) + 5, null,
        case when triage then 'triage-rules' else 'safeguard-openai' end, md5('i' || (n % 2)) || md5('j' || (n % 2)), '[]'::jsonb,
        case when triage then null else md5('v' || (n - 1))::uuid end,
        n, md5('h' || (n - 1)) || md5('k' || (n - 1)), md5('h' || n) || md5('k' || n),
        $5::timestamptz - (($3::int - g) * $4::int) * interval '1 second' + case when triage then interval '0' else interval '2 seconds' end
      from generate_series(1, 2 * $3::int) n,
        lateral (select (n + 1) / 2 as g, n % 2 = 1 as triage, ((n + 1) / 2) % 7 = 0 as violating) x`, base);
    await step('chain head', `
      insert into chain_heads (tenant_id, chain, seq, hash) values ($1, 'verdicts', $2::bigint, md5('h' || $2) || md5('k' || $2))
      on conflict (tenant_id, chain) do update set seq = excluded.seq, hash = excluded.hash`, [shape.tenantId, 2 * shape.evaluations]);
    await step('analyze', 'analyze evaluations, verdicts');
    return timings;
  } finally {
    await client.end();
  }
}
