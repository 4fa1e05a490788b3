import { ApiError } from '../api/api-error';
import { formatClockIso } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { useOnline } from './use-offline';

const T = texts(
  { stand: (time: string) => `Stand von ${time}, offline` },
  { stand: (time: string) => `As of ${time}, offline` },
);

/**
 * Offline, over a page's data: the time it was fetched, so nobody takes it for the present. Offline
 * means the browser says so, or the page's last fetch found no connection (`error`): a device in a
 * cellar often still calls itself online, and a page opened from the installed app's cache after a
 * reload may not have heard the browser's "offline" yet.
 */
export function OfflineStand({ updatedAt, error = null }: { updatedAt: number; error?: unknown }) {
  const t = useTexts(T);
  const online = useOnline();
  const unreachable = error instanceof ApiError && error.kind === 'network';
  if ((online && !unreachable) || updatedAt <= 0) return null;
  return <p className="offline-stand">{t.stand(formatClockIso(new Date(updatedAt).toISOString()))}</p>;
}
