import { useEffect, useRef, useState } from 'react';
import { readEventStream, type StreamEvent } from '../api/event-stream';

/** `connecting` before the first `ready`, `live` while open, `offline` while waiting to reconnect. */
export type LiveState = 'connecting' | 'live' | 'offline';

/**
 * Keeps a Server-Sent Events stream open while the component is mounted and reconnects after a
 * break (1 s, 2 s, 4 s … up to 15 s). `onEvent` gets every event; `ready` marks the stream live.
 */
export function useLiveStream(path: string | null, onEvent: (e: StreamEvent) => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });

  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      readEventStream(
        path,
        (e) => {
          if (e.event === 'ready') {
            attempt = 0;
            setState('live');
          }
          handler.current(e);
        },
        controller.signal,
      )
        .catch(() => undefined)
        .finally(() => {
          if (controller.signal.aborted) return;
          setState('offline');
          const delay = Math.min(15_000, 1_000 * 2 ** attempt++);
          timer = setTimeout(connect, delay);
        });
    };
    connect();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [path]);

  return state;
}
