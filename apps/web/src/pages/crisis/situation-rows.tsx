import type { CrisisSituationView } from '@hilfenetz/contracts';
import { formatDateTime } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    locationAndNote: 'Ort und Notiz',
    erased: 'gelöscht',
    erasedAt: (when: string) => ` am ${when} Uhr (personenbezogene Daten gelöscht)`,
    location: 'Ort',
    note: 'Notiz',
  },
  {
    locationAndNote: 'Location and note',
    erased: 'erased',
    erasedAt: (when: string) => ` on ${when} (personal data erased)`,
    location: 'Location',
    note: 'Note',
  },
);

/** Where the young person is and the caseworker's note, as the API opened them for this reader. */
export function SituationRows({ situation }: { situation: CrisisSituationView | null | undefined }) {
  const t = useTexts(T);
  if (!situation) return null;
  if (situation.status === 'erased') {
    return (
      <div className="facts__row">
        <dt>{t.locationAndNote}</dt>
        <dd>
          <span className="badge">{t.erased}</span>
          {t.erasedAt(formatDateTime(situation.erasedAt))}
        </dd>
      </div>
    );
  }
  if (situation.status !== 'available') return null;
  return (
    <>
      <div className="facts__row">
        <dt>{t.location}</dt>
        <dd className="situation__location">{situation.location ?? '–'}</dd>
      </div>
      {situation.note && (
        <div className="facts__row">
          <dt>{t.note}</dt>
          <dd className="situation__note">{situation.note}</dd>
        </div>
      )}
    </>
  );
}
