import { log } from './logger.js';

/**
 * Waits for `work` until `deadline` (epoch ms); past it, logs what was left and returns so the
 * shutdown goes on. The work itself is not cancelled: what it leaves is finished by the queue's
 * retry on another process.
 */
export async function drainWithin(deadline: number, what: string, work: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const left = Math.max(0, deadline - Date.now());
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), left);
  });
  const done = work().then(() => true, (error: unknown) => {
    log().warn({ err: error }, `shutdown: draining ${what} failed`);
    return true;
  });
  const finished = await Promise.race([done, timeout]);
  clearTimeout(timer);
  if (!finished) log().warn({ graceMs: left }, `shutdown: ${what} still in flight after the grace period; closing anyway`);
  return finished;
}
