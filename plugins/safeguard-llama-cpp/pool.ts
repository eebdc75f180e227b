import { abortError } from '../../sdk/index.js';

/** A fixed set of reusable resources (context sequences) handed out one caller at a time. */
export interface Pool<T> {
  /** Resolves with a free item, waiting for one if needed; rejects with an AbortError on abort. */
  acquire(signal: AbortSignal): Promise<T>;
  release(item: T): void;
}

/** A first-come, first-served pool over `items`. */
export function createPool<T>(items: readonly T[]): Pool<T> {
  const free = [...items];
  const waiters: Array<(item: T) => void> = [];
  return {
    acquire(signal) {
      if (signal.aborted) return Promise.reject(abortError(signal));
      const item = free.pop();
      if (item !== undefined) return Promise.resolve(item);
      return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(abortError(signal));
        };
        const waiter = (next: T): void => {
          signal.removeEventListener('abort', onAbort);
          resolve(next);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiters.push(waiter);
      });
    },
    release(item) {
      const next = waiters.shift();
      if (next) next(item);
      else free.push(item);
    },
  };
}
