import type { HilfeplanungLiveState } from '@hilfenetz/contracts';
import { Button } from '../../components/button';
import { formatDateTime, formatTime, uhr } from '../../i18n/date-format';
import { formatDate, phaseLabel } from '../../i18n/hilfeplanung';
import { texts, useTexts } from '../../i18n/language';
import { FactRow } from '../../components/fact-row';

const T = texts(
  {
    state: 'Stand',
    phase: 'Phase',
    cycle: 'Durchgang',
    cycleN: (n: number) => `${n}. Hilfeplanung`,
    scheduleBy: 'Zu terminieren bis',
    overdue: 'Frist überschritten – an die Fachaufsicht gemeldet',
    meeting: 'Hilfeplangespräch',
    notScheduled: 'noch nicht terminiert',
    nextReview: 'Nächste Überprüfung',
    updated: 'Aktualisiert',
    reload: 'Neu laden',
    loading: 'Wird geladen …',
  },
  {
    state: 'State',
    phase: 'Phase',
    cycle: 'Round',
    cycleN: (n: number) => `Help planning no. ${n}`,
    scheduleBy: 'To be scheduled by',
    overdue: 'Deadline exceeded – reported to the supervisor',
    meeting: 'Help planning meeting',
    notScheduled: 'not scheduled yet',
    nextReview: 'Next review',
    updated: 'Updated',
    reload: 'Reload',
    loading: 'Loading …',
  },
);

/** Where the planning stands: phase, round, deadlines, meeting, next review; reloaded on request. */
export function StatusCard({
  state,
  updatedAt,
  reloading,
  onReload,
}: {
  state: HilfeplanungLiveState;
  updatedAt: number;
  reloading: boolean;
  onReload: () => void;
}) {
  const t = useTexts(T);
  const escalated = state.schedulingEscalated && state.phase === 'awaiting_schedule';
  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">{t.state}</h2>
      <dl className="facts">
        <FactRow label={t.phase}>
          <span className="badge" data-phase={state.phase}>
            {phaseLabel(state.phase)}
          </span>
        </FactRow>
        <FactRow label={t.cycle}>{state.cycle > 0 ? t.cycleN(state.cycle) : '–'}</FactRow>
        {state.meetingToBeScheduledBy && state.phase === 'awaiting_schedule' && (
          <FactRow label={t.scheduleBy} alert={escalated}>
            {formatDateTime(state.meetingToBeScheduledBy)}
            {uhr()}
            {escalated && (
              <>
                {' '}
                <span className="badge badge--alert">{t.overdue}</span>
              </>
            )}
          </FactRow>
        )}
        <FactRow label={t.meeting}>
          {state.meetingAt ? `${formatDateTime(state.meetingAt)}${uhr()}` : t.notScheduled}
        </FactRow>
        <FactRow label={t.nextReview}>{state.nextReviewAt ? formatDate(state.nextReviewAt) : '–'}</FactRow>
        <FactRow label={t.updated}>{updatedAt ? `${formatTime(new Date(updatedAt))}${uhr()}` : '–'}</FactRow>
      </dl>
      <div className="form__actions">
        <Button variant="secondary" onPress={onReload} isDisabled={reloading}>
          {reloading ? t.loading : t.reload}
        </Button>
      </div>
    </section>
  );
}
