import type { HilfeplanungLiveState, PlanningParty, PlanView } from '@hilfenetz/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { apiClient } from '../api/api-client';
import { ApiError, isPermanent } from '../api/api-error';
import { Alert } from '../components/alert';
import { BreakGlassForm } from '../components/break-glass-form';
import { breakGlassNeeded } from '../forms/break-glass';
import { HilfeplanForm } from '../components/hilfeplan-form';
import { PlanningErrorAlert } from '../components/planning-error-alert';
import {
  noFamilyChoice,
  notifyOf,
  PlanningFamilyChannels,
  PlanningMessages,
  type FamilyChoice,
} from '../components/planning-messages';
import { SelectField } from '../components/select-field';
import { TextareaField } from '../components/textarea-field';
import { TextField } from '../components/text-field';
import { focusFirstInvalid } from '../forms/map-field-errors';
import { usePageTitle } from '../hooks/use-page-title';
import { formatDateTime, formatTime, uhr } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import {
  ANSWERED_BY_YOUTH_OFFICE,
  endReasonOptions,
  formatDate,
  instantToLocal,
  invitationAnswerLabel,
  localToInstant,
  phaseLabel,
  planningFieldErrors,
  planningPartyLabel,
  statementStatusLabel,
  type EndReason,
} from '../i18n/hilfeplanung';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { Button } from '../components/button';

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
    noPlanning: 'Keine laufende Hilfeplanung',
    noPlanningText:
      'Für diesen Fall läuft noch keine Hilfeplanung. Nach einer Krise beginnt sie mit der angekündigten Entlassung von selbst; für einen registrierten Fall können Sie sie hier beginnen.',
    notStarted: 'Hilfeplanung nicht begonnen',
    starting: 'Wird begonnen …',
    start: 'Hilfeplanung beginnen',
    clinic: 'Beteiligte Klinik (optional)',
    clinicHint: 'Nur die gewählte Klinik liest diese Hilfeplanung und gibt ihre Stellungnahme ab.',
    noClinic: 'Keine Klinik beteiligt',
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
    invitationsHeading: 'Einladungen und Stellungnahmen',
    answerFailed: 'Antwort nicht gespeichert',
    invitedOnceScheduled: 'Eingeladen wird, sobald das Gespräch terminiert ist.',
    invitationsCaption: 'Einladungen zum Hilfeplangespräch',
    invited: 'Eingeladen',
    answer: 'Antwort',
    recordAnswer: 'Antwort erfassen',
    recordAccept: (party: string) => `Zusage für ${party} erfassen`,
    accept: 'Zusage',
    recordDecline: (party: string) => `Absage für ${party} erfassen`,
    decline: 'Absage',
    answersThemselves: 'antwortet selbst',
    statementsCaption: 'Angeforderte Stellungnahmen',
    statementFrom: 'Stellungnahme von',
    statementState: 'Stand',
    due: 'Fällig',
    reschedule: 'Termin verschieben',
    schedule: 'Hilfeplangespräch terminieren',
    scheduleFailed: 'Termin nicht gespeichert',
    meetingAt: 'Datum und Uhrzeit des Gesprächs',
    meetingHint: 'Alle Beteiligten werden eingeladen; Klinik und Träger um ihre Stellungnahme gebeten.',
    saving: 'Wird gespeichert …',
    setDate: 'Termin festlegen',
    scheduled: 'Termin gespeichert. Die Beteiligten werden eingeladen.',
    plan: 'Hilfeplan',
    planUnavailable: 'Hilfeplan nicht abrufbar',
    heldAt: 'Gespräch am',
    tookPart: 'Teilgenommen',
    view: 'Sicht des jungen Menschen (eigene Worte)',
    goalsAndMeasures: 'Ziele und Maßnahmen',
    measureLine: (description: string, party: string, due: string) =>
      `${description} – verantwortlich: ${party}, bis ${due}`,
    noMeasure: 'Keine Maßnahme zu diesem Ziel.',
    partial: 'Es werden nur die Teile gezeigt, an denen Sie beteiligt sind.',
    review: 'Frühere Überprüfung',
    reviewFailed: 'Überprüfung nicht angefragt',
    reviewReason: 'Grund für eine frühere Überprüfung',
    requestReview: 'Überprüfung anfragen',
    reviewRequested: 'Die frühere Überprüfung ist angefragt. Ein neues Hilfeplangespräch ist zu terminieren.',
    endReasonMissing: 'Bitte den Grund für das Ende der Hilfe wählen.',
    end: 'Hilfe beenden',
    endFailed: 'Hilfe nicht beendet',
    reason: 'Grund',
    choose: 'Bitte wählen',
    note: 'Erläuterung (optional)',
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
    noPlanning: 'No help planning running',
    noPlanningText:
      'No help planning is running for this case yet. After a crisis it starts by itself with the announced discharge; for a registered case you can start it here.',
    notStarted: 'Help planning not started',
    starting: 'Starting …',
    start: 'Start help planning',
    clinic: 'Clinic taking part (optional)',
    clinicHint: 'Only the chosen clinic reads this help planning and submits its statement.',
    noClinic: 'No clinic taking part',
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
    invitationsHeading: 'Invitations and statements',
    answerFailed: 'Answer not saved',
    invitedOnceScheduled: 'Invitations go out as soon as the meeting is scheduled.',
    invitationsCaption: 'Invitations to the help planning meeting',
    invited: 'Invited',
    answer: 'Answer',
    recordAnswer: 'Record answer',
    recordAccept: (party: string) => `Record acceptance for ${party}`,
    accept: 'Accept',
    recordDecline: (party: string) => `Record refusal for ${party}`,
    decline: 'Refuse',
    answersThemselves: 'answers themselves',
    statementsCaption: 'Requested statements',
    statementFrom: 'Statement from',
    statementState: 'State',
    due: 'Due',
    reschedule: 'Reschedule meeting',
    schedule: 'Schedule the help planning meeting',
    scheduleFailed: 'Meeting not saved',
    meetingAt: 'Date and time of the meeting',
    meetingHint: 'All parties are invited; the clinic and the care provider are asked for their statements.',
    saving: 'Saving …',
    setDate: 'Set date',
    scheduled: 'Meeting saved. The parties are being invited.',
    plan: 'Help plan',
    planUnavailable: 'Help plan not available',
    heldAt: 'Meeting on',
    tookPart: 'Took part',
    view: "The young person's view (own words)",
    goalsAndMeasures: 'Goals and measures',
    measureLine: (description: string, party: string, due: string) =>
      `${description} – responsible: ${party}, by ${due}`,
    noMeasure: 'No measure for this goal.',
    partial: 'Only the parts you are involved in are shown.',
    review: 'Earlier review',
    reviewFailed: 'Review not requested',
    reviewReason: 'Reason for an earlier review',
    requestReview: 'Request review',
    reviewRequested: 'The earlier review has been requested. A new help planning meeting needs to be scheduled.',
    endReasonMissing: 'Please choose the reason the help ends.',
    end: 'End help',
    endFailed: 'Help not ended',
    reason: 'Reason',
    choose: 'Please choose',
    note: 'Explanation (optional)',
  },
);

const canPlan = (roles: readonly string[]) => roles.some((r) => r === 'caseworker' || r === 'on_call');

/** The caseworker's Hilfeplanung of one case: live state, meeting, answers, plan, review, end. */
export function HilfeplanungPage({ caseId, roles }: { caseId: string; roles: readonly string[] }) {
  const t = useTexts(T);
  usePageTitle(t.title(caseId));
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
        {t.heading} <span className="case-ref">{caseId}</span>
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

/** The Select's key for "no clinic" (a list option cannot have an empty key). */
const NO_CLINIC = 'none';

function StartPlanning({
  caseId,
  mayAct,
  onStarted,
}: {
  caseId: string;
  mayAct: boolean;
  onStarted: (s: HilfeplanungLiveState) => void;
}) {
  const t = useTexts(T);
  const [clinic, setClinic] = useState<string>(NO_CLINIC);
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: ({ signal }) => apiClient.organisations(signal),
    enabled: mayAct,
    staleTime: 10 * 60_000,
  });
  const clinics = (organisations.data?.organisations ?? []).filter((o) => o.roles.includes('clinic'));
  const start = useMutation({
    mutationFn: () => apiClient.startHilfeplanung(caseId, clinic === NO_CLINIC ? undefined : clinic),
    onSuccess: onStarted,
  });
  return (
    <section className="card" aria-labelledby="start-heading">
      <h2 id="start-heading">{t.noPlanning}</h2>
      <p>{t.noPlanningText}</p>
      {start.error !== null && <PlanningErrorAlert error={start.error} title={t.notStarted} />}
      {mayAct && (
        <SelectField
          id="startClinic"
          label={t.clinic}
          hint={t.clinicHint}
          options={[{ value: NO_CLINIC, label: t.noClinic }, ...clinics.map((c) => ({ value: c.id, label: c.name }))]}
          value={clinic}
          onChange={setClinic}
        />
      )}
      {mayAct && (
        <div className="form__actions">
          <Button variant="primary" isDisabled={start.isPending} onPress={() => start.mutate()}>
            {start.isPending ? t.starting : t.start}
          </Button>
        </div>
      )}
    </section>
  );
}

function StatusCard({
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
        <div className="facts__row">
          <dt>{t.phase}</dt>
          <dd>
            <span className="badge" data-phase={state.phase}>
              {phaseLabel(state.phase)}
            </span>
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t.cycle}</dt>
          <dd>{state.cycle > 0 ? t.cycleN(state.cycle) : '–'}</dd>
        </div>
        {state.meetingToBeScheduledBy && state.phase === 'awaiting_schedule' && (
          <div className={`facts__row${escalated ? ' facts__row--alert' : ''}`}>
            <dt>{t.scheduleBy}</dt>
            <dd>
              {formatDateTime(state.meetingToBeScheduledBy)}
              {uhr()}
              {escalated && (
                <>
                  {' '}
                  <span className="badge badge--alert">{t.overdue}</span>
                </>
              )}
            </dd>
          </div>
        )}
        <div className="facts__row">
          <dt>{t.meeting}</dt>
          <dd>{state.meetingAt ? `${formatDateTime(state.meetingAt)}${uhr()}` : t.notScheduled}</dd>
        </div>
        <div className="facts__row">
          <dt>{t.nextReview}</dt>
          <dd>{state.nextReviewAt ? formatDate(state.nextReviewAt) : '–'}</dd>
        </div>
        <div className="facts__row">
          <dt>{t.updated}</dt>
          <dd>{updatedAt ? `${formatTime(new Date(updatedAt))}${uhr()}` : '–'}</dd>
        </div>
      </dl>
      <div className="form__actions">
        <Button variant="secondary" onPress={onReload} isDisabled={reloading}>
          {reloading ? t.loading : t.reload}
        </Button>
      </div>
    </section>
  );
}

function Participants({
  caseId,
  state,
  mayAct,
  onChanged,
}: {
  caseId: string;
  state: HilfeplanungLiveState;
  mayAct: boolean;
  onChanged: (s: HilfeplanungLiveState) => void;
}) {
  const t = useTexts(T);
  const answer = useMutation({
    mutationFn: (a: { party: PlanningParty; answer: 'confirmed' | 'declined' }) =>
      apiClient.answerInvitation(caseId, a),
    onSuccess: onChanged,
  });
  const canAnswer = mayAct && state.phase === 'meeting_scheduled';
  return (
    <section className="card" aria-labelledby="participants-heading">
      <h2 id="participants-heading">{t.invitationsHeading}</h2>
      {answer.error !== null && <PlanningErrorAlert error={answer.error} title={t.answerFailed} />}
      {state.invitations.length === 0 ? (
        <p className="muted">{t.invitedOnceScheduled}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t.invitationsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.invited}</th>
              <th scope="col">{t.answer}</th>
              {canAnswer && <th scope="col">{t.recordAnswer}</th>}
            </tr>
          </thead>
          <tbody>
            {state.invitations.map((i) => (
              <tr key={i.party} data-party={i.party}>
                <th scope="row">{planningPartyLabel(i.party)}</th>
                <td>
                  <span className={`badge badge--answer-${i.answer}`}>{invitationAnswerLabel(i.answer)}</span>
                </td>
                {canAnswer && (
                  <td>
                    {ANSWERED_BY_YOUTH_OFFICE.includes(i.party) ? (
                      <span className="button-row">
                        <Button
                          variant="secondary"
                          isDisabled={answer.isPending || i.answer === 'confirmed'}
                          onPress={() => answer.mutate({ party: i.party, answer: 'confirmed' })}
                          aria-label={t.recordAccept(planningPartyLabel(i.party))}
                        >
                          {t.accept}
                        </Button>
                        <Button
                          variant="quiet"
                          isDisabled={answer.isPending || i.answer === 'declined'}
                          onPress={() => answer.mutate({ party: i.party, answer: 'declined' })}
                          aria-label={t.recordDecline(planningPartyLabel(i.party))}
                        >
                          {t.decline}
                        </Button>
                      </span>
                    ) : (
                      <span className="muted">{t.answersThemselves}</span>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.statements.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t.statementsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.statementFrom}</th>
              <th scope="col">{t.statementState}</th>
              <th scope="col">{t.due}</th>
            </tr>
          </thead>
          <tbody>
            {state.statements.map((s) => (
              <tr key={s.party} data-party={s.party}>
                <th scope="row">{planningPartyLabel(s.party)}</th>
                <td>
                  <span
                    className={`badge${s.status === 'escalated' ? ' badge--alert' : s.status === 'submitted' ? ' badge--acknowledged' : ''}`}
                  >
                    {statementStatusLabel(s.status)}
                  </span>
                </td>
                <td>{s.status === 'submitted' ? '–' : `${formatDateTime(s.dueAt)}${uhr()}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ScheduleMeeting({
  caseId,
  state,
  onScheduled,
}: {
  caseId: string;
  state: HilfeplanungLiveState;
  onScheduled: (s: HilfeplanungLiveState) => void;
}) {
  const t = useTexts(T);
  const [value, setValue] = useState(() => instantToLocal(state.meetingAt));
  const [family, setFamily] = useState<FamilyChoice>(noFamilyChoice);
  const formRef = useRef<HTMLFormElement>(null);
  const schedule = useMutation({
    mutationFn: (at: string) => apiClient.scheduleMeeting(caseId, at, notifyOf(family)),
    onSuccess: onScheduled,
    onError: () => requestAnimationFrame(() => focusFirstInvalid(formRef.current)),
  });
  const fieldError = planningFieldErrors(schedule.error)['body.meetingAt'];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    schedule.mutate(localToInstant(value));
  };
  const rescheduling = !!state.meetingAt;
  return (
    <section className="card" aria-labelledby="meeting-heading">
      <h2 id="meeting-heading">{rescheduling ? t.reschedule : t.schedule}</h2>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        {schedule.error !== null && !fieldError && (
          <PlanningErrorAlert error={schedule.error} title={t.scheduleFailed} />
        )}
        <TextField
          id="meetingAt"
          type="datetime-local"
          label={t.meetingAt}
          hint={t.meetingHint}
          value={value}
          onChange={setValue}
          error={fieldError}
          required
        />
        <PlanningFamilyChannels value={family} onChange={setFamily} errors={planningFieldErrors(schedule.error)} />
        <div className="form__actions">
          <Button type="submit" variant="primary" isDisabled={schedule.isPending}>
            {schedule.isPending ? t.saving : rescheduling ? t.reschedule : t.setDate}
          </Button>
        </div>
        {schedule.isSuccess && (
          <Alert tone="success">
            <p>{t.scheduled}</p>
          </Alert>
        )}
      </form>
    </section>
  );
}

function PlanSection({ plan, error }: { plan: PlanView | undefined; error: unknown }) {
  const t = useTexts(T);
  return (
    <section className="card" aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t.plan}</h2>
      {error !== null && <PlanningErrorAlert error={error} title={t.planUnavailable} />}
      {!plan && error === null && <p className="muted">{t.loading}</p>}
      {plan && (
        <>
          <dl className="facts">
            <div className="facts__row">
              <dt>{t.heldAt}</dt>
              <dd>
                {formatDateTime(plan.heldAt)}
                {uhr()}
              </dd>
            </div>
            <div className="facts__row">
              <dt>{t.tookPart}</dt>
              <dd>{plan.participants.map(planningPartyLabel).join(', ')}</dd>
            </div>
            <div className="facts__row">
              <dt>{t.nextReview}</dt>
              <dd>{formatDate(plan.nextReviewAt)}</dd>
            </div>
          </dl>
          {plan.youngPersonView !== undefined && (
            <>
              <h3>{t.view}</h3>
              <blockquote className="plan-quote">{plan.youngPersonView}</blockquote>
            </>
          )}
          <h3>{t.goalsAndMeasures}</h3>
          <ol className="plan-goals">
            {plan.goals.map((g) => {
              const ms = plan.measures.filter((m) => m.goalId === g.goalId);
              return (
                <li key={g.goalId}>
                  <p className="plan-goals__goal">{g.text}</p>
                  {ms.length > 0 ? (
                    <ul className="plan-goals__measures">
                      {ms.map((m) => (
                        <li key={m.measureId}>
                          {t.measureLine(m.description, planningPartyLabel(m.responsibleParty), formatDate(m.dueBy))}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="muted">{t.noMeasure}</p>
                  )}
                </li>
              );
            })}
          </ol>
          {plan.partial && <p className="muted">{t.partial}</p>}
        </>
      )}
    </section>
  );
}

function RequestReview({ caseId }: { caseId: string }) {
  const t = useTexts(T);
  const [reason, setReason] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const review = useMutation({
    mutationFn: (r: string) => apiClient.requestReview(caseId, { reason: r }),
    onError: () => requestAnimationFrame(() => focusFirstInvalid(formRef.current)),
  });
  const fieldError = planningFieldErrors(review.error)['body.reason'];
  return (
    <section className="card" aria-labelledby="review-heading">
      <h2 id="review-heading">{t.review}</h2>
      <form
        ref={formRef}
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          review.mutate(reason.trim());
        }}
      >
        {review.error !== null && !fieldError && <PlanningErrorAlert error={review.error} title={t.reviewFailed} />}
        <TextareaField
          id="reviewReason"
          label={t.reviewReason}
          value={reason}
          onChange={setReason}
          error={fieldError}
          rows={3}
          maxLength={500}
          required
        />
        <div className="form__actions">
          <Button type="submit" variant="secondary" isDisabled={review.isPending}>
            {t.requestReview}
          </Button>
        </div>
        {review.isSuccess && (
          <Alert tone="success">
            <p>{t.reviewRequested}</p>
          </Alert>
        )}
      </form>
    </section>
  );
}

function EndHelp({ caseId, onEnded }: { caseId: string; onEnded: (s: HilfeplanungLiveState) => void }) {
  const t = useTexts(T);
  const [reason, setReason] = useState<EndReason | ''>('');
  const [note, setNote] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const end = useMutation({
    mutationFn: (b: { reason: EndReason; note?: string }) => apiClient.endHelp(caseId, b),
    onSuccess: onEnded,
    onError: () => requestAnimationFrame(() => focusFirstInvalid(formRef.current)),
  });
  const apiErrors = planningFieldErrors(end.error);
  const shownReasonError = reasonMissing ? t.endReasonMissing : apiErrors['body.reason'];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) {
      setReasonMissing(true);
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setReasonMissing(false);
    end.mutate({ reason, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <section className="card" aria-labelledby="end-heading">
      <h2 id="end-heading">{t.end}</h2>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        {end.error !== null && !shownReasonError && !apiErrors['body.note'] && (
          <PlanningErrorAlert error={end.error} title={t.endFailed} />
        )}
        <SelectField
          id="endReason"
          label={t.reason}
          placeholder={t.choose}
          options={endReasonOptions()}
          value={reason}
          onChange={setReason}
          error={shownReasonError}
        />
        <TextareaField
          id="endNote"
          label={t.note}
          value={note}
          onChange={setNote}
          error={apiErrors['body.note']}
          rows={2}
          maxLength={500}
        />
        <div className="form__actions">
          <Button type="submit" variant="danger-outline" isDisabled={end.isPending}>
            {t.end}
          </Button>
        </div>
      </form>
    </section>
  );
}
