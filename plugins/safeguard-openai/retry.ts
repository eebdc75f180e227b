import { abortError } from '../../sdk/index.js';
import type { RetryPolicy } from './options.js';

/**
 * Runs `attempt` until it succeeds, `shouldRetry` says no, or the retries are spent, sleeping
 * an exponentially growing, jittered delay between tries ("equal jitter": half fixed, half
 * random, so simultaneous callers spread out without ever retrying instantly).
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  signal: AbortSignal,
  attempt: () => Promise<T>,
  shouldRetry: (error: unknown) => boolean,
): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (retry >= policy.maxRetries || !shouldRetry(error)) throw error;
    }
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
    await sleep(ceiling / 2 + Math.random() * (ceiling / 2), signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
