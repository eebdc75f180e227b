import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../server/auth/mint.js';
import { TEST_SECRET } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { answerJson, startModelServer, type ModelServer } from '../helpers/model-servers/index.js';
import { policyDocument } from '../helpers/policies.js';
import { collect, wsClient } from '../helpers/ws-client.js';

const root = new URL('../../', import.meta.url).pathname;
const databaseUrl = process.env.ARBITER_TEST_DATABASE_URL;
const redisUrl = process.env.ARBITER_TEST_REDIS_URL;
const REASONING = 'The content offers a dog bed, not an animal. Rule PT0.b covers accessories, so it does not violate.';
const script = (delayMs: number) => ({
  reasoning: REASONING, chunkSize: 12, delayMs,
  final: answerJson({ violation: 0, rule_ids: [], confidence: 'high', rationale: 'An accessory, allowed by PT0.b.' }),
});

interface Proc { readonly child: ChildProcess; readonly lines: Record<string, any>[]; readonly output: () => string }

/** Starts `arbiter <command>` as its own process and resolves once it logged `message`. */
function arbiter(command: 'serve' | 'worker', env: Record<string, string>, message: string): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', command], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', JWT_SECRET: TEST_SECRET, ARBITER_SEED_POLICIES: 'false', REDIS_URL: redisUrl!, ...env },
  });
  const lines: Record<string, any>[] = [];
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      for (const line of String(chunk).split('\n').filter((l) => l.startsWith('{'))) lines.push(JSON.parse(line));
      if (lines.some((l) => l.msg === message)) resolve({ child, lines, output: () => output });
    });
    child.stderr!.on('data', (chunk) => void (output += String(chunk)));
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data: any; errors?: any[] };
}

const SUBMIT = 'mutation($i: EvaluateInput!) { evaluate(input: $i) { ... on EvaluateSuccess { evaluation { id } } ... on Error { code message } } }';

// Two API processes and two worker processes, sharing only PostgreSQL and Redis (DESIGN §9).
describe.skipIf(!databaseUrl || !redisUrl)('scale-out: two APIs and two workers on PostgreSQL + Redis', () => {
  const processes: Proc[] = [];
  const servers: ModelServer[] = [];
  let closeDatabase: () => Promise<void>;
  let apis: string[];
  let workers: Proc[];
  let admin: string;

  beforeAll(async () => {
    const database = await createTestDatabase();
    closeDatabase = database.close;
    // One model server per worker, so the requests each receives show which worker ran what.
    servers.push(await startModelServer({ flavour: 'vllm', script: script(60) }), await startModelServer({ flavour: 'vllm', script: script(20) }));
    // Two model calls per worker (and two jobs outside calls): eight evaluations cannot all fit one worker, so both take work.
    const common = {
      DATABASE_URL: database.url!, ARBITER_JOB_EXPIRE_SECONDS: '4', ARBITER_RETRY_DELAY_SECONDS: '1', ARBITER_WORKER_CONCURRENCY: '2',
      ARBITER_REASONER_CONCURRENCY: '2',
    };
    const started = await Promise.all([
      arbiter('serve', { ...common, ARBITER_EMBEDDED_WORKER: 'false' }, 'listening'),
      arbiter('serve', { ...common, ARBITER_EMBEDDED_WORKER: 'false' }, 'listening'),
      ...servers.map((s) => arbiter('worker', { ...common, SAFEGUARD_URL: s.url, SAFEGUARD_MODEL: s.model }, 'worker running')),
    ]);
    processes.push(...started);
    apis = started.slice(0, 2).map((p) => p.lines.find((l) => l.msg === 'listening')!.url as string);
    workers = started.slice(2);
    admin = await mintToken({ secret: TEST_SECRET, tenant: 'acme', roles: ['admin'], subject: 'admin' });
    const created = await gql(apis[0]!, admin, 'mutation($i: CreatePolicyInput!) { createPolicy(input: $i) { ... on CreatePolicySuccess { version { id } } } }',
      { i: { slug: 'pets', name: 'Pets', content: policyDocument() } });
    await gql(apis[0]!, admin, 'mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename } }', { id: created.data.createPolicy.version.id });
  }, 240_000);

  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    for (const s of servers) await s.close();
    await closeDatabase?.();
  });

  it('lists on an API process the reasoner only the workers run', async () => {
    const { data } = await gql(apis[1]!, admin, '{ evaluators { name kind ready } }');
    expect(data.evaluators).toEqual([
      { name: 'triage-rules', kind: 'triage', ready: true },
      { name: 'safeguard-openai', kind: 'reasoner', ready: true },
    ]);
  });

  it("streams a worker's chain of thought to a subscriber on the other API process", async () => {
    const submitted = await gql(apis[0]!, admin, SUBMIT, { i: { content: 'A soft dog bed, barely used', policies: ['pets'] } });
    const client = wsClient(apis[1]!, admin);
    expect(submitted.errors).toBeUndefined();
    const results = await collect(client, `subscription($id: ID!) { evaluationEvents(evaluationId: $id) {
      __typename ... on ReasoningDelta { text } } }`, { id: submitted.data.evaluate.evaluation.id });
    expect(results.filter((r) => r.errors)).toEqual([]);
    const events = results.map((r) => r.data!.evaluationEvents);
    await client.dispose();
    expect(events.filter((e) => e.__typename === 'ReasoningDelta').map((e) => e.text).join('')).toBe(REASONING);
    expect(events.at(-1)).toEqual({ __typename: 'EvaluationFinished' });
    const { data } = await gql(apis[1]!, admin, 'query($id: ID!) { evaluation(id: $id) { status } }', { id: submitted.data.evaluate.evaluation.id });
    expect(data.evaluation.status).toBe('DECIDED');
  }, 60_000);

  it('spreads work over both workers and finishes a killed worker\'s evaluations on the other', async () => {
    const before = servers.map((s) => s.chatRequests().length);
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const submitted = await gql(apis[i % 2]!, admin, SUBMIT, { i: { content: `A cat tree, item ${i}`, policies: ['pets'] } });
      ids.push(submitted.data.evaluate.evaluation.id);
    }
    // Wait until both workers are reasoning, then kill the slow one (server 0) mid-call.
    const busy = () => servers.every((s, i) => s.chatRequests().length > before[i]!);
    for (let i = 0; i < 400 && !busy(); i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(servers.map((s, i) => s.chatRequests().length - before[i]!).every((n) => n > 0)).toBe(true);
    workers[0]!.child.kill('SIGKILL');
    const cut = await Promise.all(servers[0]!.chatRequests().slice(before[0]).map((r) => r.settled));
    const statuses = async () => (await Promise.all(ids.map(async (id) =>
      (await gql(apis[1]!, admin, 'query($id: ID!) { evaluation(id: $id) { status } }', { id })).data.evaluation.status as string)));
    let seen = await statuses();
    for (let i = 0; i < 120 && seen.some((s) => !['DECIDED', 'ESCALATED', 'FAILED'].includes(s)); i += 1) {
      await new Promise((r) => setTimeout(r, 500));
      seen = await statuses();
    }
    expect(seen).toEqual(ids.map(() => 'DECIDED'));
    // The killed worker was cut off mid-call, and its evaluations still finished: on the other worker.
    expect(cut).toContain('client-closed');
    const { data } = await gql(apis[0]!, admin, '{ evaluators { name ready detail } }');
    expect(data.evaluators.find((e: any) => e.name === 'safeguard-openai')).toMatchObject({ ready: true });
  }, 120_000);
});
