import type { Timeouts } from './options.js';

/** Which deadline of an attempt expired. */
export type Phase = 'connect' | 'first-token' | 'idle' | 'total';

/** Deadlines of one HTTP attempt, linked to the caller's signal. */
export interface Watchdog {
  /** Aborts when the caller aborts, a deadline passes, or `dispose` runs. Give it to fetch. */
  readonly signal: AbortSignal;
  /** The phase whose deadline expired, once one has. */
  expired(): Phase | undefined;
  headersReceived(): void;
  /** Called per token; cheap on purpose: the timer notices activity when it next fires. */
  token(): void;
  /** Stops the timer and aborts the request if it is still in flight. */
  dispose(): void;
}

/** Starts the deadlines of one attempt. */
export function startWatchdog(timeouts: Timeouts, callerSignal: AbortSignal): Watchdog {
  const controller = new AbortController();
  const startedAt = performance.now();
  let phase: 'connect' | 'first-token' | 'idle' = 'connect';
  let phaseStartedAt = startedAt;
  let lastToken = startedAt;
  let tokens = 0;
  let seenTokens = 0;
  let expired: Phase | undefined;
  const onCallerAbort = (): void => controller.abort(callerSignal.reason);
  if (callerSignal.aborted) onCallerAbort();
  else callerSignal.addEventListener('abort', onCallerAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;

  function deadline(): { at: number; phase: Phase } {
    const total = { at: startedAt + timeouts.totalMs, phase: 'total' as const };
    const own =
      phase === 'connect' ? { at: phaseStartedAt + timeouts.connectMs, phase }
      : phase === 'first-token' ? { at: phaseStartedAt + timeouts.firstTokenMs, phase }
      : { at: lastToken + timeouts.idleMs, phase };
    return own.at < total.at ? own : total;
  }

  function check(): void {
    const now = performance.now();
    if (phase === 'idle' && tokens !== seenTokens) {
      seenTokens = tokens;
      lastToken = now; // late by at most one check interval, so idle fires within 1.25 × idleMs
    }
    const next = deadline();
    if (now < next.at) return arm(phase === 'idle' ? Math.min(next.at - now, timeouts.idleMs / 4) : next.at - now);
    expired = next.phase;
    controller.abort(new Error(`${next.phase} timeout`));
  }

  /** (Re)schedules the check; needed when a phase change brings the deadline nearer. */
  function arm(ms: number): void {
    clearTimeout(timer);
    timer = setTimeout(check, Math.ceil(ms));
  }

  arm(Math.min(timeouts.connectMs, timeouts.totalMs));
  return {
    signal: controller.signal,
    expired: () => expired,
    headersReceived() {
      phase = 'first-token';
      phaseStartedAt = performance.now();
      arm(deadline().at - phaseStartedAt);
    },
    token() {
      tokens += 1; // a counter, not a clock read: this runs for every token of every stream
      if (phase !== 'first-token') return;
      phase = 'idle';
      lastToken = performance.now();
      seenTokens = tokens;
      arm(Math.min(deadline().at - lastToken, timeouts.idleMs / 4));
    },
    dispose() {
      clearTimeout(timer);
      callerSignal.removeEventListener('abort', onCallerAbort);
      if (!controller.signal.aborted) controller.abort(new Error('attempt finished'));
    },
  };
}
