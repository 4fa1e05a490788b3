import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useSession } from '../auth/use-session';
import { offlineActions } from './offline-actions';
import { keepPageState, restorePageState } from './page-state-cache';
import { useOfflineActions } from './use-offline';

/** How often waiting actions are tried again while the browser says it is online. */
const RETRY_MS = 10_000;

/**
 * Runs while someone is logged in: puts the pages' last-known state back, keeps new answers,
 * loads the queue and sends it whenever the connection returns — on the page's "online" event, on
 * the service worker's Background Sync message, every few seconds while some wait, and after a new login (a token that expired while
 * offline: the queue waits for it).
 */
export function OfflineRuntime() {
  const client = useQueryClient();
  const session = useSession();
  const live = session !== null && !session.ended;
  const accessToken = session?.accessToken;

  useEffect(() => {
    void restorePageState(client).catch(() => undefined);
    return keepPageState(client);
  }, [client]);

  // What arrived changed the server's state: the pages load it afresh.
  const delivered = useOfflineActions().delivered.length;
  useEffect(() => {
    if (delivered === 0) return;
    for (const key of ['tasks', 'briefing', 'crisis', 'timeline', 'hilfeplanung']) {
      void client.invalidateQueries({ queryKey: [key] });
    }
  }, [client, delivered]);

  useEffect(() => {
    if (!live) return;
    void offlineActions.send();
    const send = () => void offlineActions.send();
    const fromWorker = (e: MessageEvent) => {
      if ((e.data as { type?: string } | null)?.type === 'hilfenetz:send-queue') send();
    };
    // The browser may call itself online while the server is still out of reach (a captive
    // portal, a dead proxy): while actions wait, try again every so often.
    const retry = setInterval(() => {
      if (offlineActions.get().pending.length > 0) send();
    }, RETRY_MS);
    window.addEventListener('online', send);
    navigator.serviceWorker?.addEventListener('message', fromWorker);
    return () => {
      clearInterval(retry);
      window.removeEventListener('online', send);
      navigator.serviceWorker?.removeEventListener('message', fromWorker);
    };
  }, [live, accessToken]);

  return null;
}
