// Child-process side of http-load.ts: closed-loop keep-alive HTTP clients over loopback.
// Runs apart from the server under test so its event loop does not delay the server's.
import { Agent, request } from 'node:http';
import type { LoadPlan, LoadResult } from './http-load.js';

function once(agent: Agent, plan: LoadPlan, n: number): Promise<boolean> {
  const body = plan.bodyTemplate.replaceAll('{{n}}', String(n));
  return new Promise((resolve) => {
    const req = request(plan.url, { method: 'POST', agent, headers: { ...plan.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(res.statusCode === 200 && Buffer.concat(chunks).includes(plan.expect)));
      res.on('error', () => resolve(false));
    });
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const latencies: number[] = [];
  let counter = 0;
  let errors = 0;
  let firstError: string | null = null;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const measureFrom = start + plan.warmupMs;
  const stopAt = measureFrom + plan.durationMs;
  const loop = async (): Promise<void> => {
    while (performance.now() < stopAt) {
      const n = (counter += 1);
      const sent = performance.now();
      const ok = await once(agent, plan, n);
      const done = performance.now();
      if (sent < measureFrom) continue;
      if (ok) latencies.push(done - sent);
      else {
        errors += 1;
        firstError ??= `request ${n} failed`;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
  // Requests still in flight at stopAt finish late: count the window as it really was.
  const measuredMs = performance.now() - measureFrom;
  agent.destroy();
  const used = process.cpuUsage(cpu);
  return { latencies, errors, firstError, measuredMs, requestsSent: counter, cpuMs: (used.user + used.system) / 1000 };
}

process.once('message', (plan: LoadPlan) => {
  run(plan).then((result) => process.send!(result, () => process.exit(0)), (error: Error) => {
    process.send!({ error: error.message }, () => process.exit(1));
  });
});
