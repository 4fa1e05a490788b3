import type { TimelineIntegrity } from '@hilfenetz/contracts';
import { formatDateTime } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    integrityReasons: {
      content_changed: 'Inhalt eines Ereignisses wurde verändert',
      chain_broken: 'Hash-Kette unterbrochen',
      version_gap: 'Lücke in der Ereignisfolge',
      head_mismatch: 'Letztes Ereignis passt nicht zum gespeicherten Stand',
    } as Record<string, string>,
    integrityOk: (events: number, at: string) =>
      `Integrität geprüft: ${events} Ereignisse, Hash-Kette lückenlos (${at} Uhr)`,
    integrityBroken: 'Integrität verletzt',
    integrityFrom: (version: number) => ` ab Ereignis Nr. ${version}: `,
    integrityInform: '. Bitte die Revision informieren.',
  },
  {
    integrityReasons: {
      content_changed: 'The content of an event was changed',
      chain_broken: 'Hash chain broken',
      version_gap: 'Gap in the sequence of events',
      head_mismatch: 'The last event does not match the stored state',
    },
    integrityOk: (events: number, at: string) => `Integrity checked: ${events} events, hash chain complete (${at})`,
    integrityBroken: 'Integrity violated',
    integrityFrom: (version: number) => ` from event no. ${version}: `,
    integrityInform: '. Please inform the audit team.',
  },
);

/** Whether the case's hash chain was intact when read, and where it broke if not. */
export function IntegrityBadge({ integrity }: { integrity: TimelineIntegrity }) {
  const t = useTexts(T);
  if (integrity.ok) {
    return (
      <p className="integrity integrity--ok">
        <span aria-hidden="true">✔ </span>
        {t.integrityOk(integrity.events, formatDateTime(integrity.checkedAt))}
      </p>
    );
  }
  return (
    <div className="integrity integrity--broken" role="alert">
      <p>
        <strong>{t.integrityBroken}</strong>
        {t.integrityFrom(integrity.streamVersion)}
        {t.integrityReasons[integrity.reason] ?? integrity.reason}
        {t.integrityInform}
      </p>
    </div>
  );
}
