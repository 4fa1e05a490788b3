import type { BriefingField, TaskBriefing } from '@hilfenetz/contracts';
import { dangerKindLabel, urgencyLabel } from '../i18n/crisis-terms';
import { formatClockIso, formatDate, formatDateTime, uhr } from '../i18n/date-format';
import { relationLabel } from '../i18n/guardians';
import { texts, useTexts } from '../i18n/language';

const T = texts(
  {
    location: 'Ort',
    dangerKind: 'Gefährdung',
    urgency: 'Dringlichkeit',
    ageYears: 'Alter',
    youngPersonName: 'Name',
    dateOfBirth: 'Geburtsdatum',
    situationNote: 'Lage/Notiz',
    triggeredBy: 'Ausgelöst von',
    callback: 'Rückrufnummer',
    receivingClinic: 'Aufnehmende Klinik',
    ambulance: 'Rettungsdienst',
    guardians: 'Sorgeberechtigte',
    years: (n: number) => `${n} ${n === 1 ? 'Jahr' : 'Jahre'}`,
    notGiven: 'nicht angegeben',
    notYet: 'noch nicht gemeldet',
    noCallback: 'keine angegeben',
    dispatch: (ref: string) => `Einsatznummer ${ref}`,
    eta: (time: string) => `voraussichtliche Ankunft ${time}`,
    noEta: 'Ankunftszeit noch nicht gemeldet',
    call: (phone: string, who: string) => `${phone} anrufen (${who})`,
    erased: 'gelöscht',
    erasedNote: (when: string) => `Die personenbezogenen Angaben wurden am ${when} Uhr gelöscht.`,
  },
  {
    location: 'Location',
    dangerKind: 'Danger',
    urgency: 'Urgency',
    ageYears: 'Age',
    youngPersonName: 'Name',
    dateOfBirth: 'Date of birth',
    situationNote: 'Situation/note',
    triggeredBy: 'Triggered by',
    callback: 'Callback number',
    receivingClinic: 'Receiving clinic',
    ambulance: 'Ambulance',
    guardians: 'Legal guardians',
    years: (n: number) => `${n} ${n === 1 ? 'year' : 'years'}`,
    notGiven: 'not given',
    notYet: 'not reported yet',
    noCallback: 'none given',
    dispatch: (ref: string) => `Operation number ${ref}`,
    eta: (time: string) => `expected arrival ${time}`,
    noEta: 'arrival time not reported yet',
    call: (phone: string, who: string) => `Call ${phone} (${who})`,
    erased: 'erased',
    erasedNote: (when: string) => `The personal details were erased on ${when}.`,
  },
);

/** Fields that carry the young person's (or the caller's) personal data: erased with the young person. */
const PERSONAL: ReadonlySet<BriefingField> = new Set([
  'location',
  'ageYears',
  'youngPersonName',
  'dateOfBirth',
  'situationNote',
  'triggeredBy',
  'guardians',
]);

/** The order a person reads them in: where and what first, then who, then who else is coming. */
const ORDER: BriefingField[] = [
  'location',
  'dangerKind',
  'urgency',
  'youngPersonName',
  'ageYears',
  'dateOfBirth',
  'situationNote',
  'triggeredBy',
  'receivingClinic',
  'ambulance',
  'guardians',
];

const present = (b: TaskBriefing, f: BriefingField) => b[f] !== undefined;

/**
 * A task's briefing as the API cut it for this party: exactly the fields present, nothing else.
 * A granted field not known yet reads "nicht angegeben"; after erasure the personal ones read
 * "gelöscht".
 */
export function BriefingFacts({ briefing, compact = false }: { briefing: TaskBriefing; compact?: boolean }) {
  const t = useTexts(T);
  const erased = briefing.status === 'erased';
  const fields = ORDER.filter(
    (f) => present(briefing, f) || (erased && PERSONAL.has(f) && briefing.granted.includes(f)),
  );
  const missing = <span className="muted">{t.notGiven}</span>;
  const erasedBadge = <span className="badge badge--erased">{t.erased}</span>;

  const value = (f: BriefingField) => {
    if (erased && PERSONAL.has(f)) return erasedBadge;
    switch (f) {
      case 'location':
        return briefing.location ? <span className="briefing__location">{briefing.location}</span> : missing;
      case 'dangerKind':
        return briefing.dangerKind ? dangerKindLabel(briefing.dangerKind) : missing;
      case 'urgency':
        return briefing.urgency ? <strong>{urgencyLabel(briefing.urgency)}</strong> : missing;
      case 'ageYears':
        return briefing.ageYears != null ? t.years(briefing.ageYears) : missing;
      case 'youngPersonName':
        return briefing.youngPersonName ?? missing;
      case 'dateOfBirth':
        return briefing.dateOfBirth ? formatDate(briefing.dateOfBirth) : missing;
      case 'situationNote':
        return briefing.situationNote ? <span className="briefing__note">{briefing.situationNote}</span> : missing;
      case 'triggeredBy': {
        const by = briefing.triggeredBy;
        if (!by) return missing;
        const who = by.displayName ? `${by.displayName}, ${by.organisationName}` : by.organisationName;
        return (
          <>
            {who}
            <br />
            {t.callback}:{' '}
            {by.callbackPhone ? (
              <a
                className="briefing__phone"
                href={`tel:${by.callbackPhone}`}
                aria-label={t.call(by.callbackPhone, who)}
              >
                {by.callbackPhone}
              </a>
            ) : (
              <span className="muted">{t.noCallback}</span>
            )}
          </>
        );
      }
      case 'receivingClinic':
        return briefing.receivingClinic?.name ?? missing;
      case 'ambulance': {
        const a = briefing.ambulance;
        if (!a) return <span className="muted">{t.notYet}</span>;
        return (
          <>
            {t.dispatch(a.dispatchReference)}
            <br />
            {a.expectedArrivalAt ? (
              <strong className="briefing__eta">{t.eta(`${formatClockIso(a.expectedArrivalAt)}${uhr()}`)}</strong>
            ) : (
              <span className="muted">{t.noEta}</span>
            )}
          </>
        );
      }
      case 'guardians': {
        const list = briefing.guardians;
        if (!list || list.length === 0) return missing;
        return (
          <ul className="plain-list">
            {list.map((g) => (
              <li key={`${g.name}-${g.phone ?? g.email ?? ''}`}>
                {g.name} ({relationLabel(g.relation)})
                {g.phone && (
                  <>
                    {' '}
                    · <a href={`tel:${g.phone}`}>{g.phone}</a>
                  </>
                )}
                {g.email && <> · {g.email}</>}
              </li>
            ))}
          </ul>
        );
      }
    }
  };

  return (
    <div className="briefing">
      {erased && briefing.erasedAt && <p className="muted">{t.erasedNote(formatDateTime(briefing.erasedAt))}</p>}
      <dl className={`facts${compact ? ' facts--compact' : ''} briefing__facts`}>
        {fields.map((f) => (
          <div className="facts__row" key={f} data-field={f}>
            <dt>{t[f]}</dt>
            <dd>{value(f)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
