import { startModelServer } from './server.js';
import type { ModelScript, ModelServer, ModelServerFlavour, RecordedRequest } from './types.js';

/** A model server that can hold every generation open after its first delta, and counts streams in flight. */
export interface HoldingModelServer extends ModelServer {
  /** Chat streams open now, and the most ever open at once. */
  inFlight(): number;
  peak(): number;
  /** Lets every held stream finish, and the ones that arrive later run through. */
  release(): void;
  /** Resolves once `count` streams are open at once (rejects after `timeoutMs`). */
  waitForInFlight(count: number, timeoutMs?: number): Promise<void>;
}

/**
 * Starts a {@link startModelServer} whose chat streams send their first reasoning delta at once
 * and then wait, while `hold` is on, until {@link HoldingModelServer.release} — a server busy with
 * long generations. A stream counts as in flight from its request until its response is over.
 */
export async function startHoldingModelServer(options: { flavour?: ModelServerFlavour; script?: (request: RecordedRequest) => ModelScript } = {}): Promise<HoldingModelServer> {
  let open = 0;
  let peak = 0;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const watchers = new Set<() => void>();
  const server = await startModelServer({
    flavour: options.flavour ?? 'vllm',
    script: (request) => {
      open += 1;
      peak = Math.max(peak, open);
      for (const watcher of watchers) watcher();
      void request.settled.then(() => (open -= 1));
      return { ...(options.script?.(request) ?? {}), holdUntil: held };
    },
  });
  return {
    ...server,
    inFlight: () => open,
    peak: () => peak,
    release,
    waitForInFlight(count, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`${open} streams in flight (peak ${peak}), waited for ${count}`)), timeoutMs);
        const check = () => void (open >= count && done());
        const done = (error?: Error) => {
          clearTimeout(timer);
          watchers.delete(check);
          if (error) reject(error);
          else resolve();
        };
        watchers.add(check);
        check();
      });
    },
  };
}
