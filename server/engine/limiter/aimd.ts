/** Settings of {@link createAimdLimit}. */
export interface AimdOptions {
  /** The most calls ever in flight (`ARBITER_REASONER_CONCURRENCY`). */
  readonly max: number;
  /** Where the limit starts; it grows from here while time to first token stays flat. */
  readonly initial?: number;
  /** The limit never drops below this: a queueing server still gets some work. */
  readonly min?: number;
  /** A time to first token above `baseline × tolerance + slackMs` means the server is queueing. */
  readonly tolerance?: number;
  readonly slackMs?: number;
  /** The limit is multiplied by this on congestion. */
  readonly backoff?: number;
  /** The baseline is the lowest time to first token of the last one or two windows of this many samples. */
  readonly window?: number;
}

/** One call's time to first token, and when (performance.now) it started. */
export interface TtftSample {
  readonly ttftMs: number;
  readonly startedAt: number;
  /** Calls in flight when it started, itself included: growth needs demand, not an idle limit. */
  readonly inFlightAtStart: number;
}

/** The adaptive limit: read `current()`, feed it samples. */
export interface AimdLimit {
  current(): number;
  observe(sample: TtftSample, now: number): void;
  /** The lowest recent time to first token, the "server not queueing" reference (Infinity before any sample). */
  baselineMs(): number;
}

/**
 * Additive increase, multiplicative decrease on time to first token. A continuous-batching model
 * server (vLLM) admits new sequences at once while it has room, so TTFT stays near its floor;
 * once it queues, TTFT rises, and that is the congestion signal. Below the slow-start threshold
 * every good sample adds 1 (the limit doubles per round trip), above it 1/limit (one per round).
 * A congested sample multiplies the limit by `backoff`, at most once per round: samples of calls
 * that started before the last decrease say nothing about the new limit.
 */
export function createAimdLimit(options: AimdOptions): AimdLimit {
  const max = Math.max(1, options.max);
  const min = Math.min(max, Math.max(1, options.min ?? 4));
  const tolerance = options.tolerance ?? 2;
  const slackMs = options.slackMs ?? 250;
  const backoff = options.backoff ?? 0.75;
  const window = options.window ?? 200;
  let limit = Math.min(max, Math.max(min, options.initial ?? 16));
  let threshold = max;
  let lastDecreaseAt = -Infinity;
  let previousMin = Infinity;
  let windowMin = Infinity;
  let samples = 0;

  const baselineMs = () => Math.min(previousMin, windowMin);
  function record(ttftMs: number): void {
    windowMin = Math.min(windowMin, ttftMs);
    samples += 1;
    if (samples < window) return;
    previousMin = windowMin; // a server that got slower for good re-baselines within two windows
    windowMin = Infinity;
    samples = 0;
  }

  return {
    current: () => Math.floor(limit),
    baselineMs,
    observe(sample, now) {
      const congested = sample.ttftMs > baselineMs() * tolerance + slackMs;
      record(sample.ttftMs);
      if (congested) {
        if (sample.startedAt < lastDecreaseAt) return;
        limit = Math.max(min, limit * backoff);
        threshold = limit;
        lastDecreaseAt = now;
        return;
      }
      if (sample.inFlightAtStart < limit / 2) return; // the limit was not what held calls back
      limit = Math.min(max, limit + (limit < threshold ? 1 : 1 / limit));
    },
  };
}
