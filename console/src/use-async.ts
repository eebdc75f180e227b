import { useCallback, useEffect, useState } from 'preact/hooks';

/** Loads once per change of `deps`; `reload` runs it again. Errors become a message, never a crash. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): { value: T | undefined; error: string | null; reload: () => void } {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then((v) => live && (setValue(v), setError(null)), (e: Error) => live && setError(e.message));
    return () => void (live = false);
  }, [...deps, tick]);
  return { value, error, reload: useCallback(() => setTick((t) => t + 1), []) };
}

export const formatTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');
