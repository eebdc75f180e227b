import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvaluatorRegistry } from '../../../sdk/index.js';
import { loadConfig } from '../../../server/config.js';
import { connectDatabase, type DatabaseHandle } from '../../../server/db/connect.js';
import { createEngine, type Engine } from '../../../server/engine/index.js';
import { createTestDatabase, testEngine } from '../../helpers/database.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';

/** Starts the crash child and resolves once its evaluation is REASONING; then kills it with SIGKILL. */
function runAndKill(args: string[]): Promise<{ tenantId: string; evaluationId: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/crash-child.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"tenantId"'));
      if (!line) return;
      child.once('exit', () => resolve(JSON.parse(line)));
      child.kill('SIGKILL');
    });
    child.once('exit', (code) => !out.includes('tenantId') && reject(new Error(`crash child exited early (${code})`)));
  });
}

async function until(predicate: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe(`a worker process killed with SIGKILL mid-reasoning (${testEngine})`, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  async function rescue(database: DatabaseHandle, reclaimActive: boolean): Promise<{ engine: Engine; calls: unknown[] }> {
    const reasoner = scriptedReasoner({ label: 'NON_VIOLATING' });
    const registry = createEvaluatorRegistry();
    registry.register(reasoner.evaluator);
    const engine = await createEngine({ database, config: loadConfig({ ARBITER_SEED_POLICIES: 'false' }), registry, reclaimActive });
    cleanup.push(() => engine.stop());
    await engine.startWorker();
    return { engine, calls: reasoner.calls };
  }

  async function expectFinishedOnce(database: DatabaseHandle, evaluationId: string, killedAt: number, calls: unknown[], withinMs: number) {
    const status = async () => (await database.db.selectFrom('evaluations').select('status').where('id', '=', evaluationId).executeTakeFirstOrThrow()).status;
    await until(async () => (await status()) === 'DECIDED', withinMs);
    expect(Date.now() - killedAt).toBeLessThan(withinMs);
    expect(calls).toHaveLength(1);
    const verdicts = await database.db.selectFrom('verdicts').select(['stage', 'label']).where('evaluation_id', '=', evaluationId).orderBy('chain_seq').execute();
    expect(verdicts).toEqual([{ stage: 'TRIAGE', label: 'UNCERTAIN' }, { stage: 'REASONING', label: 'NON_VIOLATING' }]);
    const events = await database.db.selectFrom('evaluation_events').select(['seq', 'type', 'payload']).where('evaluation_id', '=', evaluationId).orderBy('seq').execute();
    const seqs = events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(events.filter((e) => e.type === 'ReasoningRestarted').map((e) => e.payload)).toEqual([expect.objectContaining({ attempt: 2, reason: 'WORKER_LOST' })]);
    expect(events.at(-1)!.type).toBe('EvaluationFinished');
  }

  it.skipIf(testEngine !== 'pglite')('embedded mode reclaims its own active jobs at start: the evaluation finishes within a minute, not after its lease', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'arbiter-kill-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    // A lease of an hour: only reclaiming at start can finish it within the minute.
    const { evaluationId } = await runAndKill(['pglite', dataDir, '3600']);
    const killedAt = Date.now();
    const database = await connectDatabase({ kind: 'pglite', dataDir });
    cleanup.push(() => database.close());
    const { calls } = await rescue(database, true);
    await expectFinishedOnce(database, evaluationId, killedAt, calls, 60_000);
  }, 150_000);

  it.skipIf(testEngine !== 'postgres')("with PostgreSQL, another worker runs the dead worker's job again within a minute by default", async () => {
    const database = await createTestDatabase();
    cleanup.push(() => database.close());
    const { evaluationId } = await runAndKill(['postgres', database.url!]);
    const killedAt = Date.now();
    const { calls } = await rescue(database, false);
    await expectFinishedOnce(database, evaluationId, killedAt, calls, 60_000);
  }, 150_000);
});
