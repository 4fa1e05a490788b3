import { Alert } from '../components/alert';
import { texts, useTexts } from '../i18n/language';

const T = texts(
  {
    title: 'Offline erfasst – wartet auf Verbindung',
    text: 'Die Eingabe ist verschlüsselt auf diesem Gerät vorgemerkt und wird gesendet, sobald die Verbindung zurück ist.',
  },
  {
    title: 'Recorded offline – waiting for a connection',
    text: 'The entry is kept encrypted on this device and sent once the connection is back.',
  },
);

/** Where a form's success would show: the entry was kept on the device, not yet sent. */
export function KeptOfflineAlert({ what }: { what?: string }) {
  const t = useTexts(T);
  return (
    <Alert tone="info" title={t.title}>
      {what && <p>{what}</p>}
      <p>{t.text}</p>
    </Alert>
  );
}
