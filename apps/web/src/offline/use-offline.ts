import { onlineManager } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { offlineActions, type OfflineSnapshot } from './offline-actions';

/** Whether the device has a connection (the browser's view, as TanStack Query follows it). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
  );
}

/** The waiting actions and the notices about those the API did not take. */
export function useOfflineActions(): OfflineSnapshot {
  return useSyncExternalStore(offlineActions.subscribe, offlineActions.get);
}
