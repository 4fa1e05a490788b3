import { requestJson } from '../api/http-request';
import { actionHeaders, isUnreachable, offlineActions } from './offline-actions';
import type { QueuedActionKind } from './offline-queue';

/** An action kept on the device: it waits for the connection (shown as "wartet auf Verbindung"). */
export interface KeptOffline {
  keptOffline: true;
  key: string;
  actedAt: string;
}

export const isKeptOffline = (value: unknown): value is KeptOffline =>
  typeof value === 'object' && value !== null && (value as Partial<KeptOffline>).keptOffline === true;

/**
 * Sends one action now, or keeps it for later: when the device is offline, the server cannot be
 * reached, or earlier actions still wait (a new one must not overtake them). The Idempotency-Key and
 * the time of acting are fixed here, once, so the send now and any later one are the same request.
 */
export async function sendOrKeep<T>(action: {
  kind: QueuedActionKind;
  caseId: string;
  path: string;
  body: unknown;
  /** The form's own key (the crisis trigger reuses one per content); otherwise a new one. */
  key?: string;
}): Promise<T | KeptOffline> {
  const key = action.key ?? crypto.randomUUID();
  const actedAt = new Date().toISOString();
  const keep = async (): Promise<KeptOffline> => {
    await offlineActions.add({ ...action, key, actedAt });
    return { keptOffline: true, key, actedAt };
  };
  await offlineActions.load();
  if (!navigator.onLine || offlineActions.get().pending.length > 0) {
    const kept = await keep();
    if (navigator.onLine) void offlineActions.send();
    return kept;
  }
  try {
    // Sent at once: no device time, the API's time of arrival is the time of acting.
    return await requestJson<T>('POST', action.path, { body: action.body, headers: actionHeaders(key) });
  } catch (err) {
    if (isUnreachable(err)) return keep();
    throw err;
  }
}
