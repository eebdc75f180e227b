import { type AimdLimit, type AimdOptions, createAimdLimit } from './aimd.js';

/** A granted reasoning call: say when its first token arrived, and release it once, when the call is over. */
export interface ReasoningPermit {
  firstToken(): void;
  release(): void;
}

/** Reasoning calls in flight in one worker process, under an adaptive limit. */
export interface ReasoningSlots {
  /** The most calls ever in flight (the adaptive limit stays at or below it). */
  readonly max: number;
  /** Waits (first come, first served) for a free slot; rejects with the signal's reason when it aborts first. */
  acquire(signal: AbortSignal): Promise<ReasoningPermit>;
  /** Calls in flight, calls waiting, and the current limit. */
  stats(): { readonly inFlight: number; readonly waiting: number; readonly limit: number; readonly baselineMs: number };
  /** Called whenever a slot frees or the limit changes (the worker fetches jobs then). */
  onChange(listener: () => void): void;
}

interface Waiter {
  readonly grant: (permit: ReasoningPermit) => void;
  readonly signal: AbortSignal;
  readonly onAbort: () => void;
}

/** Slots for reasoning calls: a FIFO semaphore whose size is an {@link AimdLimit} on time to first token. */
export function createReasoningSlots(options: AimdOptions & { readonly clock?: () => number }): ReasoningSlots {
  const clock = options.clock ?? (() => performance.now());
  const limit: AimdLimit = createAimdLimit(options);
  const waiters: Waiter[] = [];
  const listeners: (() => void)[] = [];
  let inFlight = 0;
  const changed = () => { for (const listener of listeners) listener(); };

  function permit(): ReasoningPermit {
    inFlight += 1;
    const startedAt = clock();
    const inFlightAtStart = inFlight;
    let sampled = false;
    let released = false;
    return {
      firstToken() {
        if (sampled || released) return;
        sampled = true;
        limit.observe({ ttftMs: clock() - startedAt, startedAt, inFlightAtStart }, clock());
        admit();
        changed();
      },
      release() {
        if (released) return;
        released = true;
        inFlight -= 1;
        admit();
        changed();
      },
    };
  }

  function admit(): void {
    while (waiters.length > 0 && inFlight < limit.current()) {
      const waiter = waiters.shift()!;
      waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.grant(permit());
    }
  }

  return {
    max: Math.max(1, options.max),
    acquire(signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (waiters.length === 0 && inFlight < limit.current()) return Promise.resolve(permit());
      return new Promise((resolve, reject) => {
        const waiter: Waiter = { grant: resolve, signal, onAbort: () => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(signal.reason);
          changed();
        } };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
        waiters.push(waiter);
      });
    },
    stats: () => ({ inFlight, waiting: waiters.length, limit: limit.current(), baselineMs: limit.baselineMs() }),
    onChange: (listener) => void listeners.push(listener),
  };
}
