import { useEffect, useRef, useState } from 'react';
import { isAbort } from '../api/http-request';

export interface PollState<T> {
  data: T | null;
  /** The last failure; cleared by the next success. Earlier data stays visible meanwhile. */
  error: unknown;
  updatedAt: Date | null;
}

interface PollOptions<T> {
  intervalMs: number;
  /** Stop polling once the data reached a final state. */
  stopWhen?: (data: T) => boolean;
  /** Stop polling on failures that asking again will not fix. */
  stopOnError?: (error: unknown) => boolean;
}

/**
 * Calls `load` now and then every `intervalMs` after the previous call finished (never two at
 * once). Starts over when `key` changes, pauses while `key` is null, stops on unmount.
 */
export function usePolling<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  { intervalMs, stopWhen, stopOnError }: PollOptions<T>,
): PollState<T> {
  const [state, setState] = useState<PollState<T> & { key: string | null }>({
    key,
    data: null,
    error: null,
    updatedAt: null,
  });
  const latest = useRef({ load, stopWhen, stopOnError });
  useEffect(() => {
    latest.current = { load, stopWhen, stopOnError };
  });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const data = await latest.current.load(controller.signal);
        if (controller.signal.aborted) return;
        setState({ key, data, error: null, updatedAt: new Date() });
        if (latest.current.stopWhen?.(data)) return;
      } catch (error) {
        if (isAbort(error) || controller.signal.aborted) return;
        setState((s) => (s.key === key ? { ...s, error } : { key, data: null, error, updatedAt: null }));
        if (latest.current.stopOnError?.(error)) return;
      }
      timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, intervalMs]);

  // Data of another key (from before a change) is never shown.
  if (state.key !== key) return { data: null, error: null, updatedAt: null };
  return state;
}
