/**
 * Runs `work` with a signal that aborts when `parent` does or after `ms` (a TimeoutError).
 *
 * Built on a plain timer rather than `AbortSignal.any([parent, AbortSignal.timeout(ms)])`: Node
 * holds the sources of `any()` weakly, so a timeout signal nobody else references can be
 * garbage-collected and never fire — a stage would then run without its deadline.
 */
export async function withDeadline<T>(parent: AbortSignal, ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException(`the stage ran past its ${ms} ms deadline`, 'TimeoutError')), ms);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onAbort);
  }
}
