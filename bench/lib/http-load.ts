import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type LatencySummary, summarize } from './stats.js';

/** What the load client does: `concurrency` closed loops POSTing to `url` for warm-up + duration. */
export interface LoadPlan {
  readonly url: string;
  /** The JSON body; `{{n}}` becomes the request's number, so no two requests are alike. */
  readonly bodyTemplate: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A response counts as a success when it is HTTP 200 and its body contains this. */
  readonly expect: string;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** The raw result the client process sends back. */
export interface LoadResult {
  readonly latencies: number[];
  readonly errors: number;
  readonly firstError: string | null;
  readonly measuredMs: number;
  readonly requestsSent: number;
  /** CPU the client process used over warm-up and measurement. */
  readonly cpuMs: number;
}

/** What a load run measured, after warm-up. */
export interface LoadFigures {
  readonly perSecond: number;
  readonly latency: LatencySummary;
  readonly errors: number;
  readonly completed: number;
  readonly measuredMs: number;
  /** Every request of the run, warm-up included, and the client's CPU for them. */
  readonly requestsSent: number;
  readonly clientCpuMs: number;
}

/** Runs the load client in its own Node process (it inherits tsx's loader) and summarises what it saw. */
export function runLoad(plan: LoadPlan): Promise<LoadFigures> {
  const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: LoadResult | { error: string }) => {
      if ('error' in message) return reject(new Error(`load client: ${message.error}`));
      resolve({
        perSecond: (message.latencies.length * 1000) / message.measuredMs,
        latency: summarize(message.latencies),
        errors: message.errors,
        completed: message.latencies.length,
        measuredMs: message.measuredMs,
        requestsSent: message.requestsSent,
        clientCpuMs: message.cpuMs,
      });
    });
    child.once('exit', (code) => reject(new Error(`load client exited with ${code} before reporting`)));
    child.send(plan);
  });
}
