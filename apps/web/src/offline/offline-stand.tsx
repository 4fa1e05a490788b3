import { formatClockIso } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { useOnline } from './use-offline';

const T = texts(
  { stand: (time: string) => `Stand von ${time}, offline` },
  { stand: (time: string) => `As of ${time}, offline` },
);

/** Offline, over a page's data: the time it was fetched, so nobody takes it for the present. */
export function OfflineStand({ updatedAt }: { updatedAt: number }) {
  const t = useTexts(T);
  const online = useOnline();
  if (online || updatedAt <= 0) return null;
  return <p className="offline-stand">{t.stand(formatClockIso(new Date(updatedAt).toISOString()))}</p>;
}
