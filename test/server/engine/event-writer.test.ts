import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/schema.js';
import { evaluationEvents } from '../../../server/domain/evaluations/stream.js';
import { createPolicy, publishPolicyVersion } from '../../../server/domain/policies/service.js';
import type { Scope } from '../../../server/domain/scope.js';
import { ensureTenant } from '../../../server/domain/tenants/repository.js';
import { createEventWriter } from '../../../server/engine/event-writer.js';
import { createJobQueue } from '../../../server/engine/queue.js';
import { submitEvaluation } from '../../../server/engine/lifecycle/index.js';
import { createEventBus, type EventBus } from '../../../server/events/bus.js';
import type { BusMessage, EvaluationEvent } from '../../../server/events/types.js';
import { createTestDatabase, testEngine } from '../../helpers/database.js';
import { policyDocument } from '../../helpers/policies.js';

/** The database, except that writes of events fail while `failing()` says so. */
function flakyEvents(db: Kysely<Database>, failing: () => boolean): Kysely<Database> {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'insertInto') {
        return (table: keyof Database) => {
          if (table === 'evaluation_events' && failing()) throw new Error('connection reset by peer');
          return target.insertInto(table);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe(`the event writer (${testEngine})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let scope: Scope;
  let bus: EventBus;
  let queue: Awaited<ReturnType<typeof createJobQueue>>;
  const published: BusMessage[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    scope = { db: database.db, tenantId: await ensureTenant(database.db, 'acme'), actor: 'test' };
    const { version } = await createPolicy(scope, { slug: 'pets', name: 'Pets', content: policyDocument() });
    await publishPolicyVersion(scope, version.id);
    queue = await createJobQueue(database);
    const inner = createEventBus({ redisUrl: null });
    bus = { ...inner, publish: (m) => { published.push(m); inner.publish(m); } };
  });
  afterAll(async () => {
    await queue.stop({ graceful: false });
    await database.close();
  });

  const newEvaluation = async () => (await submitEvaluation(scope, { queue, bus, maxWaitMs: 100 }, { content: 'A dog', policies: ['pets'] })).id;
  const storedSeqs = async (evaluationId: string) =>
    (await database.db.selectFrom('evaluation_events').select('seq').where('evaluation_id', '=', evaluationId).orderBy('seq').execute()).map((r) => r.seq);
  const delta = (text: string) => ({ type: 'ReasoningDelta' as const, text, policyVersionIds: [], evaluator: 'x' });

  it('retries a failed batch write and stores every event', async () => {
    const evaluationId = await newEvaluation();
    let failures = 2;
    const writer = await createEventWriter({ db: flakyEvents(database.db, () => failures-- > 0), bus, tenantId: scope.tenantId, evaluationId });
    for (let i = 0; i < 5; i += 1) await writer.emit(delta(`d${i}`));
    await writer.close();
    expect(await storedSeqs(evaluationId)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('isolates an event that can never be stored: the rest of its batch and later batches are stored', async () => {
    const evaluationId = await newEvaluation();
    const writer = await createEventWriter({ db: database.db, bus, tenantId: scope.tenantId, evaluationId });
    await writer.emit(delta('before'));
    await writer.emit(delta('jsonb refuses \u0000'));
    await writer.emit(delta('after'));
    await writer.flush();
    await writer.emit({ type: 'StageChanged', status: 'TRIAGE' });
    await writer.close();
    expect(await storedSeqs(evaluationId)).toEqual([1, 2, 4, 5]);
  });

  it('never reuses a seq after a writer died with published events that were not stored', async () => {
    const evaluationId = await newEvaluation();
    let dead = true;
    const dying = await createEventWriter({ db: flakyEvents(database.db, () => dead), bus, tenantId: scope.tenantId, evaluationId });
    for (let i = 0; i < 3; i += 1) await dying.emit(delta(`lost ${i}`));
    const seen = published.filter((m) => m.evaluationId === evaluationId && 'event' in m).map((m) => (m as { event: EvaluationEvent }).event.seq);
    expect(seen).toEqual([2, 3, 4]);
    // The worker is killed here: nothing of its buffer reaches the database.
    const next = await createEventWriter({ db: database.db, bus, tenantId: scope.tenantId, evaluationId });
    await next.emit({ type: 'StageChanged', status: 'TRIAGE' });
    await next.emit({ type: 'EvaluationFinished', status: 'CANCELLED' });
    await next.close();
    dead = false;
    const stored = await database.db.selectFrom('evaluation_events').select(['seq', 'payload']).where('evaluation_id', '=', evaluationId).orderBy('seq').execute();
    const seqs = stored.map((r) => r.seq);
    expect(seqs[0]).toBe(1);
    expect(seqs.slice(1).every((seq) => seq > 4)).toBe(true);
    expect((stored[1]!.payload as { after?: number }).after).toBe(1);
    // A replay skips the lost seqs and ends.
    const replay: number[] = [];
    for await (const event of evaluationEvents(scope, bus, { evaluationId, afterSeq: 0 })) replay.push(event.seq);
    expect(replay).toEqual(seqs);
  });
});
