import { useSyncExternalStore } from 'react';

/** A tiny history-API router: the app has a handful of pages and needs no library for them. */
const NAVIGATE_EVENT = 'hilfenetz:navigate';

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path with query, e.g. `/zeitleiste?fall=F-1`. Re-renders on every navigation. */
export function useLocationPath(): string {
  return useSyncExternalStore(subscribe, snapshot);
}
