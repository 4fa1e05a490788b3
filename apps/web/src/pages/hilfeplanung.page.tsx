import type { HilfeplanungLiveState } from '@hilfenetz/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiClient } from '../api/api-client';
import { ApiError, isPermanent } from '../api/api-error';
import { Alert } from '../components/alert';
import { BreakGlassForm } from '../components/break-glass-form';
import { HilfeplanForm } from '../components/hilfeplan-form';
import { PlanningErrorAlert } from '../components/planning-error-alert';
import { PlanningMessages } from '../components/planning-messages';
import { breakGlassNeeded } from '../forms/break-glass';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { EndHelp } from './hilfeplanung/end-help.section';
import { Participants } from './hilfeplanung/participants.section';
import { PlanSection } from './hilfeplanung/plan.section';
import { StatusCard } from './hilfeplanung/planning-status.section';
import { RequestReview } from './hilfeplanung/request-review.section';
import { ScheduleMeeting } from './hilfeplanung/schedule-meeting.section';
import { StartPlanning } from './hilfeplanung/start-planning.section';
import { CaseRef, caseReference } from '../components/case-ref';

const T = texts(
  {
    title: (caseId: string) => `Hilfeplanung – Fall ${caseId}`,
    heading: 'Hilfeplanung im Fall',
    breakGlassTitle: 'Notfallzugriff',
    breakGlassText:
      'Sie lesen diesen Fall mit Begründung. Der Zugriff ist protokolliert; Änderungen sind nicht möglich.',
    stateUnavailable: 'Stand der Hilfeplanung nicht abrufbar',
    loading: 'Wird geladen …',
    afterMeeting: 'Nach dem Gespräch',
    timelineLink: 'Zeitleiste des Falls anzeigen',
  },
  {
    title: (caseId: string) => `Help planning – case ${caseId}`,
    heading: 'Help planning in case',
    breakGlassTitle: 'Emergency access',
    breakGlassText: 'You are reading this case with a stated reason. The access is logged; changes are not possible.',
    stateUnavailable: 'State of the help planning not available',
    loading: 'Loading …',
    afterMeeting: 'After the meeting',
    timelineLink: 'Show the case timeline',
  },
);

const canPlan = (roles: readonly string[]) => roles.some((r) => r === 'caseworker' || r === 'on_call');

/** The caseworker's Hilfeplanung of one case: live state, meeting, answers, plan, review, end. */
export function HilfeplanungPage({ caseId, roles }: { caseId: string; roles: readonly string[] }) {
  const t = useTexts(T);
  usePageTitle(t.title(caseReference(caseId)));
  const queryClient = useQueryClient();
  // Set once a person outside the lead organisation has stated why they open the case.
  const [breakGlassReason, setBreakGlassReason] = useState<string | null>(null);
  const key = ['hilfeplanung', caseId, breakGlassReason];
  const planning = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => apiClient.getHilfeplanung(caseId, signal, breakGlassReason),
    // Every read of the planning is written to the case's access log: no reads in the background,
    // the state comes back with each action and on request ("Neu laden").
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: (n, err) => !isPermanent(err) && !(err instanceof ApiError && err.kind === 'not_found') && n < 2,
  });
  const state = planning.data;
  const hasPlan = !!state && (state.phase === 'plan_in_force' || state.phase === 'ended' || state.cycle > 1);
  const plan = useQuery({
    queryKey: ['hilfeplan', caseId, breakGlassReason],
    queryFn: ({ signal }) => apiClient.getPlan(caseId, signal, breakGlassReason),
    enabled: hasPlan,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const update = (s: HilfeplanungLiveState) => {
    queryClient.setQueryData(key, s);
    void queryClient.invalidateQueries({ queryKey: ['hilfeplan', caseId] });
  };
  // Writes stay with the lead organisation; a break-glass reader only reads.
  const mayAct = canPlan(roles) && breakGlassReason === null;
  const notRunning = planning.error instanceof ApiError && planning.error.kind === 'not_found';
  const breakGlass = breakGlassNeeded(planning.error);

  return (
    <>
      <h1 tabIndex={-1}>
        {t.heading} <CaseRef caseId={caseId} />
      </h1>

      {breakGlass && (
        <BreakGlassForm
          what="hilfeplanung"
          caseId={caseId}
          minLength={breakGlass.minLength}
          refused={breakGlass.refused}
          onConfirm={setBreakGlassReason}
        />
      )}
      {breakGlassReason !== null && state && (
        <Alert tone="info" title={t.breakGlassTitle}>
          <p>{t.breakGlassText}</p>
        </Alert>
      )}
      {notRunning && <StartPlanning caseId={caseId} mayAct={mayAct} onStarted={update} />}
      {planning.error !== null && !notRunning && !breakGlass && (
        <PlanningErrorAlert error={planning.error} title={t.stateUnavailable} />
      )}
      {!state && !planning.error && (
        <p className="empty" role="status">
          {t.loading}
        </p>
      )}

      {state && (
        <>
          <StatusCard
            state={state}
            updatedAt={planning.dataUpdatedAt}
            reloading={planning.isFetching}
            onReload={() => {
              void planning.refetch();
              if (hasPlan) void plan.refetch();
            }}
          />
          <Participants caseId={caseId} state={state} mayAct={mayAct} onChanged={update} />
          {state.messages && <PlanningMessages messages={state.messages} />}
          {mayAct && state.phase !== 'ended' && state.phase !== 'plan_in_force' && (
            <ScheduleMeeting caseId={caseId} state={state} onScheduled={update} />
          )}
          {mayAct && state.phase === 'meeting_scheduled' && (
            <section className="card" aria-labelledby="plan-form-section">
              <h2 id="plan-form-section">{t.afterMeeting}</h2>
              <HilfeplanForm key={state.cycle} caseId={caseId} state={state} onRecorded={update} />
            </section>
          )}
          {hasPlan && <PlanSection plan={plan.data} error={plan.error} />}
          {mayAct && state.phase === 'plan_in_force' && <RequestReview caseId={caseId} />}
          {mayAct && state.phase !== 'ended' && <EndHelp caseId={caseId} onEnded={update} />}
        </>
      )}

      <ul className="link-list">
        <li>
          <Link to={paths.timeline(caseId)}>{t.timelineLink}</Link>
        </li>
      </ul>
    </>
  );
}
