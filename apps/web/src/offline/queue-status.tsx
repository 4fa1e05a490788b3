import { texts, useTexts } from '../i18n/language';
import { useOfflineActions } from './use-offline';

const T = texts(
  { waiting: (n: number) => `${n} wartet auf Verbindung`, many: (n: number) => `${n} warten auf Verbindung` },
  { waiting: (n: number) => `${n} waiting for a connection`, many: (n: number) => `${n} waiting for a connection` },
);

/** In the header: how many of this person's actions are kept on the device, not yet sent. */
export function QueueStatus() {
  const t = useTexts(T);
  const n = useOfflineActions().pending.length;
  return (
    <p className="queue-status" role="status" aria-live="polite" data-count={n}>
      {n > 0 && (n === 1 ? t.waiting(n) : t.many(n))}
    </p>
  );
}
