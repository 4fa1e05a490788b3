import { useEffect, useRef, useState } from 'react';
import { readEventStream, type StreamEvent } from '../api/event-stream';
import { sessionStore } from '../auth/session-store';

/** `connecting` before the first `ready`, `live` while open, `offline` while waiting to reconnect. */
export type LiveState = 'connecting' | 'live' | 'offline';

/** The server sends a heartbeat every 15 s; a stream silent for this long is taken as broken. */
const SILENCE_MS = 40_000;

/**
 * Keeps a Server-Sent Events stream open while the component is mounted and reconnects after a
 * break (1 s, 2 s, 4 s … up to 15 s), at once when the device comes back online. `onEvent` gets
 * every event; `ready` marks the stream live. A stream that stays silent, or a device that goes
 * offline, counts as broken: a half-open connection must not look live. A new access token (silent
 * refresh, or a login after the session ended) opens a new stream with it at once: the server ends
 * a stream when the token it was opened with expires.
 */
export function useLiveStream(path: string | null, onEvent: (e: StreamEvent) => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });

  useEffect(() => {
    if (!path) return;
    let stopped = false;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let current: AbortController | null = null;

    const connect = () => {
      clearTimeout(retryTimer);
      const controller = new AbortController();
      current = controller;
      // Per stream: a replaced stream's end must not clear its successor's watch.
      let silenceTimer: ReturnType<typeof setTimeout> | undefined;
      const watch = () => {
        clearTimeout(silenceTimer);
        silenceTimer = setTimeout(() => controller.abort(), SILENCE_MS);
      };
      watch();
      readEventStream(
        path,
        (e) => {
          watch();
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
          clearTimeout(silenceTimer);
          if (stopped || current !== controller) return;
          setState('offline');
          const delay = navigator.onLine ? Math.min(15_000, 1_000 * 2 ** attempt++) : 60_000;
          retryTimer = setTimeout(connect, delay);
        });
    };
    const goneOffline = () => {
      current?.abort();
    };
    const backOnline = () => {
      attempt = 0;
      current?.abort();
      connect();
    };
    let token = sessionStore.get()?.accessToken;
    const tokenChanged = () => {
      const session = sessionStore.get();
      const next = session && !session.ended ? session.accessToken : undefined;
      if (next === token) return;
      token = next;
      if (!next) return;
      // The new stream replaces the old one; the old one's end is then not a break.
      const old = current;
      attempt = 0;
      connect();
      old?.abort();
    };
    const unsubscribe = sessionStore.subscribe(tokenChanged);
    window.addEventListener('offline', goneOffline);
    window.addEventListener('online', backOnline);
    connect();
    return () => {
      stopped = true;
      unsubscribe();
      window.removeEventListener('offline', goneOffline);
      window.removeEventListener('online', backOnline);
      current?.abort();
      clearTimeout(retryTimer);
    };
  }, [path]);

  return state;
}
