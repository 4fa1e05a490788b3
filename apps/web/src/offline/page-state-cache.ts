import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { hashedId, putEncrypted, readAll } from './encrypted-store';

/**
 * The last-known state of the pages a person used, for when the network is gone: the inbox (its
 * tasks and their briefings), the crisis boards and the case timelines they opened. Each successful
 * answer of those queries is written encrypted to IndexedDB (encrypted-store.ts); after a reload the
 * app puts them back into the query cache, marked with the time they were fetched, so an offline
 * page shows them with "Stand von HH:MM, offline". Nothing else is kept (docs/adr/0026).
 */
const KEPT = new Set(['tasks', 'briefing', 'crisis', 'timeline']);

interface KeptState {
  queryKey: QueryKey;
  data: unknown;
  updatedAt: number;
}

const isKept = (key: QueryKey) => typeof key[0] === 'string' && KEPT.has(key[0]);

/** Puts the kept states back, only where the cache holds nothing newer. */
export async function restorePageState(client: QueryClient): Promise<void> {
  for (const { value } of await readAll<KeptState>('state')) {
    const current = client.getQueryState(value.queryKey);
    if (current && current.dataUpdatedAt >= value.updatedAt) continue;
    client.setQueryData(value.queryKey, value.data, { updatedAt: value.updatedAt });
  }
}

/** Keeps every fresh answer of the pages above; returns the unsubscribe. */
export function keepPageState(client: QueryClient): () => void {
  return client.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    const { queryKey, state } = event.query;
    if (!isKept(queryKey) || state.data === undefined) return;
    // Data put back from the store itself is already there.
    if (event.action.manual) return;
    const value: KeptState = { queryKey, data: state.data, updatedAt: state.dataUpdatedAt };
    void hashedId('state', queryKey)
      .then((id) => putEncrypted('state', id, value))
      .catch(() => undefined);
  });
}
