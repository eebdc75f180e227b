import { logger } from './log.js';

const WORKER_STOPPED = Object.assign(new Error('the worker stopped while the job ran'), { code: 'WORKER_STOPPED' });

/** Where the loop takes jobs from and reports them done (pg-boss in production). */
export interface JobSource<J> {
  /** Up to `count` jobs, now active and owned by this process; none when the queue is empty. */
  fetch(count: number): Promise<readonly J[]>;
  complete(job: J): Promise<void>;
  fail(job: J, error: unknown): Promise<void>;
}

/** Arguments of {@link startJobLoop}. */
export interface JobLoopOptions<J> {
  readonly source: JobSource<J>;
  readonly run: (job: J) => Promise<void>;
  /** How many more jobs to take now, given how many this process holds. */
  readonly capacity: (held: number) => number;
  /** How long an empty queue is left alone before the next look (`wake` cuts it short). */
  readonly pollMs: number;
  readonly maxBatch: number;
}

/**
 * A running loop: `wake` makes it look for work now; `stop` ends fetching, waits (bounded) for
 * running jobs and fails those still running, so another worker takes them at once (as pg-boss
 * does with its own workers); their later end is not reported.
 */
export interface JobLoop {
  wake(): void;
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Takes jobs in batches whenever there is capacity, and runs each on its own: a job is completed
 * or failed the moment it ends, not with its batch. Capacity is asked again after every fetch
 * and whenever a job ends or `wake` is called, so how many jobs run is the caller's decision,
 * not a fixed number of polling slots.
 */
export function startJobLoop<J>(options: JobLoopOptions<J>): JobLoop {
  const running = new Map<J, Promise<void>>();
  const abandoned = new Set<J>();
  let stopped = false;
  let woken: (() => void) | null = null;
  let pending = false;
  const wake = () => {
    pending = true;
    woken?.();
  };
  const nap = (ms: number) => new Promise<void>((resolve) => {
    if (pending || stopped) return resolve();
    const timer = setTimeout(() => resolve(), ms);
    woken = () => { clearTimeout(timer); resolve(); };
  }).finally(() => { woken = null; pending = false; });

  function start(job: J): void {
    const report = (end: () => Promise<void>) => (abandoned.has(job) ? Promise.resolve() : end());
    const done = options.run(job)
      .then(() => report(() => options.source.complete(job)), (error: unknown) => report(() => options.source.fail(job, error)))
      .catch((error: unknown) => logger.error({ err: error }, 'could not record the end of a job; its lease ends it'))
      .finally(() => { running.delete(job); abandoned.delete(job); wake(); });
    running.set(job, done);
  }

  const looping = (async () => {
    while (!stopped) {
      const want = Math.min(options.maxBatch, options.capacity(running.size));
      if (want <= 0) { await nap(options.pollMs); continue; }
      const jobs = await options.source.fetch(want).catch((error: unknown) => {
        logger.warn({ err: error }, 'fetching jobs failed; trying again later');
        return [] as J[];
      });
      for (const job of jobs) start(job);
      if (jobs.length < want) await nap(options.pollMs);
    }
  })();

  return {
    wake,
    async stop(timeoutMs) {
      stopped = true;
      wake();
      await looping;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.allSettled([...running.values()]), timeout]);
      clearTimeout(timer);
      await Promise.all([...running.keys()].map((job) => {
        abandoned.add(job);
        return options.source.fail(job, WORKER_STOPPED)
          .catch((error: unknown) => logger.warn({ err: error }, 'could not hand back a running job; its lease ends it'));
      }));
    },
  };
}
