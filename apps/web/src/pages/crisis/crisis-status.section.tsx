import type { CrisisBoardView } from '@hilfenetz/contracts';
import { crisisStatusLabel } from '../../i18n/crisis-terms';
import { formatClockIso, formatDateTime, formatTime, formatTimeIso, uhr } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';
import { admissionLabel, followUpLabel } from '../../i18n/parties';
import { SituationRows } from './situation-rows';

const T = texts(
  {
    state: 'Stand',
    status: 'Status',
    unknown: 'Unbekannt',
    loading: 'Wird geladen …',
    acknowledged: 'Bestätigt',
    ofParties: (done: number, all: number) => `${done} von ${all} Beteiligten`,
    triggeredAt: 'Ausgelöst',
    admission: 'Aufnahme',
    plannedDischarge: 'Entlassung geplant',
    ambulance: 'Rettungsdienst',
    dispatch: (reference: string) => `Einsatz ${reference}`,
    arrival: (time: string) => ` · Ankunft ca. ${time} Uhr`,
    updated: 'Aktualisiert',
  },
  {
    state: 'State',
    status: 'Status',
    unknown: 'Unknown',
    loading: 'Loading …',
    acknowledged: 'Acknowledged',
    ofParties: (done: number, all: number) => `${done} of ${all} parties`,
    triggeredAt: 'Triggered',
    admission: 'Admission',
    plannedDischarge: 'Discharge planned',
    ambulance: 'Ambulance',
    dispatch: (reference: string) => `Dispatch ${reference}`,
    arrival: (time: string) => ` · Arrival approx. ${time}`,
    updated: 'Updated',
  },
);

interface CrisisStatusProps {
  crisis: CrisisBoardView | undefined;
  /** The crisis is unknown: its status reads 'Unbekannt' instead of loading for ever. */
  notFound: boolean;
  /** When the board was last read (ms since the epoch), 0 before the first answer. */
  updatedAt: number;
}

/** The crisis at a glance: status, how many parties acknowledged, admission, discharge, ambulance. */
export function CrisisStatus({ crisis: data, notFound, updatedAt }: CrisisStatusProps) {
  const t = useTexts(T);
  const status = data?.status ?? null;
  const acknowledged = data ? data.tasks.filter((task) => task.status === 'acknowledged').length : 0;
  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">{t.state}</h2>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t.status}</dt>
          <dd>
            <span className={`status status--${status ?? 'unknown'}`}>
              {status ? crisisStatusLabel(status) : notFound ? t.unknown : t.loading}
            </span>
          </dd>
        </div>
        {data && data.tasks.length > 0 && (
          <div className="facts__row">
            <dt>{t.acknowledged}</dt>
            <dd>
              {/* Announced when it changes: the caseworker may be on the phone, not looking. */}
              <span role="status" aria-live="polite">
                {t.ofParties(acknowledged, data.tasks.length)}
              </span>
            </dd>
          </div>
        )}
        {data?.triggeredAt && (
          <div className="facts__row">
            <dt>{t.triggeredAt}</dt>
            <dd>
              {formatDateTime(data.triggeredAt)}
              {uhr()}
            </dd>
          </div>
        )}
        {data && <SituationRows situation={data.situation} />}
        {data?.admission && (
          <div className="facts__row">
            <dt>{t.admission}</dt>
            <dd>
              {admissionLabel(data.admission.decision)}
              {data.admission.followUp && <> · {followUpLabel(data.admission.followUp)}</>},{' '}
              {formatTimeIso(data.admission.decidedAt)}
              {uhr()}
            </dd>
          </div>
        )}
        {data?.plannedDischarge && (
          <div className="facts__row">
            <dt>{t.plannedDischarge}</dt>
            <dd>
              {formatDateTime(data.plannedDischarge)}
              {uhr()}
            </dd>
          </div>
        )}
        {data?.ambulance && (
          <div className="facts__row">
            <dt>{t.ambulance}</dt>
            <dd>
              {t.dispatch(data.ambulance.dispatchReference)}
              {data.ambulance.expectedArrivalAt && t.arrival(formatClockIso(data.ambulance.expectedArrivalAt))}
            </dd>
          </div>
        )}
        <div className="facts__row">
          <dt>{t.updated}</dt>
          <dd>{updatedAt ? `${formatTime(new Date(updatedAt))}${uhr()}` : '–'}</dd>
        </div>
      </dl>
    </section>
  );
}
