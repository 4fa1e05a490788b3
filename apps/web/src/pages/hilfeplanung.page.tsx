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
import { SelectField } from '../components/select-field';
import { TextareaField } from '../components/textarea-field';
import { TextField } from '../components/text-field';
import { focusFirstInvalid } from '../forms/map-field-errors';
import { usePageTitle } from '../hooks/use-page-title';
import { formatDateTime, formatTime } from '../i18n/date-format.de';
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
} from '../i18n/hilfeplanung.de';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { Button } from '../components/button';

const canPlan = (roles: readonly string[]) => roles.some((r) => r === 'caseworker' || r === 'on_call');

/** The caseworker's Hilfeplanung of one case: live state, meeting, answers, plan, review, end. */
export function HilfeplanungPage({ caseId, roles }: { caseId: string; roles: readonly string[] }) {
  usePageTitle(`Hilfeplanung – Fall ${caseId}`);
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
        Hilfeplanung im Fall <span className="case-ref">{caseId}</span>
      </h1>

      {breakGlass && (
        <BreakGlassForm
          what="die Hilfeplanung"
          caseId={caseId}
          minLength={breakGlass.minLength}
          refused={breakGlass.refused}
          onConfirm={setBreakGlassReason}
        />
      )}
      {breakGlassReason !== null && state && (
        <Alert tone="info" title="Notfallzugriff">
          <p>Sie lesen diesen Fall mit Begründung. Der Zugriff ist protokolliert; Änderungen sind nicht möglich.</p>
        </Alert>
      )}
      {notRunning && <StartPlanning caseId={caseId} mayAct={mayAct} onStarted={update} />}
      {planning.error !== null && !notRunning && !breakGlass && (
        <PlanningErrorAlert error={planning.error} title="Stand der Hilfeplanung nicht abrufbar" />
      )}
      {!state && !planning.error && (
        <p className="empty" role="status">
          Wird geladen …
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
          {mayAct && state.phase !== 'ended' && state.phase !== 'plan_in_force' && (
            <ScheduleMeeting caseId={caseId} state={state} onScheduled={update} />
          )}
          {mayAct && state.phase === 'meeting_scheduled' && (
            <section className="card" aria-labelledby="plan-form-section">
              <h2 id="plan-form-section">Nach dem Gespräch</h2>
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
          <Link to={paths.timeline(caseId)}>Zeitleiste des Falls anzeigen</Link>
        </li>
      </ul>
    </>
  );
}

function StartPlanning({
  caseId,
  mayAct,
  onStarted,
}: {
  caseId: string;
  mayAct: boolean;
  onStarted: (s: HilfeplanungLiveState) => void;
}) {
  const start = useMutation({ mutationFn: () => apiClient.startHilfeplanung(caseId), onSuccess: onStarted });
  return (
    <section className="card" aria-labelledby="start-heading">
      <h2 id="start-heading">Keine laufende Hilfeplanung</h2>
      <p>
        Für diesen Fall läuft noch keine Hilfeplanung. Nach einer Krise beginnt sie mit der angekündigten Entlassung von
        selbst; für einen registrierten Fall können Sie sie hier beginnen.
      </p>
      {start.error !== null && <PlanningErrorAlert error={start.error} title="Hilfeplanung nicht begonnen" />}
      {mayAct && (
        <div className="form__actions">
          <Button variant="primary" isDisabled={start.isPending} onPress={() => start.mutate()}>
            {start.isPending ? 'Wird begonnen …' : 'Hilfeplanung beginnen'}
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
  const escalated = state.schedulingEscalated && state.phase === 'awaiting_schedule';
  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">Stand</h2>
      <dl className="facts">
        <div className="facts__row">
          <dt>Phase</dt>
          <dd>
            <span className="badge" data-phase={state.phase}>
              {phaseLabel(state.phase)}
            </span>
          </dd>
        </div>
        <div className="facts__row">
          <dt>Durchgang</dt>
          <dd>{state.cycle > 0 ? `${state.cycle}. Hilfeplanung` : '–'}</dd>
        </div>
        {state.meetingToBeScheduledBy && state.phase === 'awaiting_schedule' && (
          <div className={`facts__row${escalated ? ' facts__row--alert' : ''}`}>
            <dt>Zu terminieren bis</dt>
            <dd>
              {formatDateTime(state.meetingToBeScheduledBy)} Uhr
              {escalated && (
                <>
                  {' '}
                  <span className="badge badge--alert">Frist überschritten – an die Fachaufsicht gemeldet</span>
                </>
              )}
            </dd>
          </div>
        )}
        <div className="facts__row">
          <dt>Hilfeplangespräch</dt>
          <dd>{state.meetingAt ? `${formatDateTime(state.meetingAt)} Uhr` : 'noch nicht terminiert'}</dd>
        </div>
        <div className="facts__row">
          <dt>Nächste Überprüfung</dt>
          <dd>{state.nextReviewAt ? formatDate(state.nextReviewAt) : '–'}</dd>
        </div>
        <div className="facts__row">
          <dt>Aktualisiert</dt>
          <dd>{updatedAt ? `${formatTime(new Date(updatedAt))} Uhr` : '–'}</dd>
        </div>
      </dl>
      <div className="form__actions">
        <Button variant="secondary" onPress={onReload} isDisabled={reloading}>
          {reloading ? 'Wird geladen …' : 'Neu laden'}
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
  const answer = useMutation({
    mutationFn: (a: { party: PlanningParty; answer: 'confirmed' | 'declined' }) =>
      apiClient.answerInvitation(caseId, a),
    onSuccess: onChanged,
  });
  const canAnswer = mayAct && state.phase === 'meeting_scheduled';
  return (
    <section className="card" aria-labelledby="participants-heading">
      <h2 id="participants-heading">Einladungen und Stellungnahmen</h2>
      {answer.error !== null && <PlanningErrorAlert error={answer.error} title="Antwort nicht gespeichert" />}
      {state.invitations.length === 0 ? (
        <p className="muted">Eingeladen wird, sobald das Gespräch terminiert ist.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Einladungen zum Hilfeplangespräch</caption>
          <thead>
            <tr>
              <th scope="col">Eingeladen</th>
              <th scope="col">Antwort</th>
              {canAnswer && <th scope="col">Antwort erfassen</th>}
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
                          aria-label={`Zusage für ${planningPartyLabel(i.party)} erfassen`}
                        >
                          Zusage
                        </Button>
                        <Button
                          variant="quiet"
                          isDisabled={answer.isPending || i.answer === 'declined'}
                          onPress={() => answer.mutate({ party: i.party, answer: 'declined' })}
                          aria-label={`Absage für ${planningPartyLabel(i.party)} erfassen`}
                        >
                          Absage
                        </Button>
                      </span>
                    ) : (
                      <span className="muted">antwortet selbst</span>
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
          <caption className="visually-hidden">Angeforderte Stellungnahmen</caption>
          <thead>
            <tr>
              <th scope="col">Stellungnahme von</th>
              <th scope="col">Stand</th>
              <th scope="col">Fällig</th>
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
                <td>{s.status === 'submitted' ? '–' : `${formatDateTime(s.dueAt)} Uhr`}</td>
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
  const [value, setValue] = useState(() => instantToLocal(state.meetingAt));
  const formRef = useRef<HTMLFormElement>(null);
  const schedule = useMutation({
    mutationFn: (at: string) => apiClient.scheduleMeeting(caseId, at),
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
      <h2 id="meeting-heading">{rescheduling ? 'Termin verschieben' : 'Hilfeplangespräch terminieren'}</h2>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        {schedule.error !== null && !fieldError && (
          <PlanningErrorAlert error={schedule.error} title="Termin nicht gespeichert" />
        )}
        <TextField
          id="meetingAt"
          type="datetime-local"
          label="Datum und Uhrzeit des Gesprächs"
          hint="Alle Beteiligten werden eingeladen; Klinik und Träger um ihre Stellungnahme gebeten."
          value={value}
          onChange={setValue}
          error={fieldError}
          required
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" isDisabled={schedule.isPending}>
            {schedule.isPending ? 'Wird gespeichert …' : rescheduling ? 'Termin verschieben' : 'Termin festlegen'}
          </Button>
        </div>
        {schedule.isSuccess && (
          <Alert tone="success">
            <p>Termin gespeichert. Die Beteiligten werden eingeladen.</p>
          </Alert>
        )}
      </form>
    </section>
  );
}

function PlanSection({ plan, error }: { plan: PlanView | undefined; error: unknown }) {
  return (
    <section className="card" aria-labelledby="plan-heading">
      <h2 id="plan-heading">Hilfeplan</h2>
      {error !== null && <PlanningErrorAlert error={error} title="Hilfeplan nicht abrufbar" />}
      {!plan && error === null && <p className="muted">Wird geladen …</p>}
      {plan && (
        <>
          <dl className="facts">
            <div className="facts__row">
              <dt>Gespräch am</dt>
              <dd>{formatDateTime(plan.heldAt)} Uhr</dd>
            </div>
            <div className="facts__row">
              <dt>Teilgenommen</dt>
              <dd>{plan.participants.map(planningPartyLabel).join(', ')}</dd>
            </div>
            <div className="facts__row">
              <dt>Nächste Überprüfung</dt>
              <dd>{formatDate(plan.nextReviewAt)}</dd>
            </div>
          </dl>
          {plan.youngPersonView !== undefined && (
            <>
              <h3>Sicht des jungen Menschen (eigene Worte)</h3>
              <blockquote className="plan-quote">{plan.youngPersonView}</blockquote>
            </>
          )}
          <h3>Ziele und Maßnahmen</h3>
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
                          {m.description} – verantwortlich: {planningPartyLabel(m.responsibleParty)}, bis{' '}
                          {formatDate(m.dueBy)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="muted">Keine Maßnahme zu diesem Ziel.</p>
                  )}
                </li>
              );
            })}
          </ol>
          {plan.partial && <p className="muted">Es werden nur die Teile gezeigt, an denen Sie beteiligt sind.</p>}
        </>
      )}
    </section>
  );
}

function RequestReview({ caseId }: { caseId: string }) {
  const [reason, setReason] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const review = useMutation({
    mutationFn: (r: string) => apiClient.requestReview(caseId, { reason: r }),
    onError: () => requestAnimationFrame(() => focusFirstInvalid(formRef.current)),
  });
  const fieldError = planningFieldErrors(review.error)['body.reason'];
  return (
    <section className="card" aria-labelledby="review-heading">
      <h2 id="review-heading">Frühere Überprüfung</h2>
      <form
        ref={formRef}
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          review.mutate(reason.trim());
        }}
      >
        {review.error !== null && !fieldError && (
          <PlanningErrorAlert error={review.error} title="Überprüfung nicht angefragt" />
        )}
        <TextareaField
          id="reviewReason"
          label="Grund für eine frühere Überprüfung"
          value={reason}
          onChange={setReason}
          error={fieldError}
          rows={3}
          maxLength={500}
          required
        />
        <div className="form__actions">
          <Button type="submit" variant="secondary" isDisabled={review.isPending}>
            Überprüfung anfragen
          </Button>
        </div>
        {review.isSuccess && (
          <Alert tone="success">
            <p>Die frühere Überprüfung ist angefragt. Ein neues Hilfeplangespräch ist zu terminieren.</p>
          </Alert>
        )}
      </form>
    </section>
  );
}

function EndHelp({ caseId, onEnded }: { caseId: string; onEnded: (s: HilfeplanungLiveState) => void }) {
  const [reason, setReason] = useState<EndReason | ''>('');
  const [note, setNote] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  const end = useMutation({
    mutationFn: (b: { reason: EndReason; note?: string }) => apiClient.endHelp(caseId, b),
    onSuccess: onEnded,
    onError: () => requestAnimationFrame(() => focusFirstInvalid(formRef.current)),
  });
  const apiErrors = planningFieldErrors(end.error);
  const shownReasonError = reasonError ?? apiErrors['body.reason'];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) {
      setReasonError('Bitte den Grund für das Ende der Hilfe wählen.');
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setReasonError(undefined);
    end.mutate({ reason, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <section className="card" aria-labelledby="end-heading">
      <h2 id="end-heading">Hilfe beenden</h2>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        {end.error !== null && !shownReasonError && !apiErrors['body.note'] && (
          <PlanningErrorAlert error={end.error} title="Hilfe nicht beendet" />
        )}
        <SelectField
          id="endReason"
          label="Grund"
          placeholder="Bitte wählen"
          options={endReasonOptions}
          value={reason}
          onChange={setReason}
          error={shownReasonError}
        />
        <TextareaField
          id="endNote"
          label="Erläuterung (optional)"
          value={note}
          onChange={setNote}
          error={apiErrors['body.note']}
          rows={2}
          maxLength={500}
        />
        <div className="form__actions">
          <Button type="submit" variant="danger-outline" isDisabled={end.isPending}>
            Hilfe beenden
          </Button>
        </div>
      </form>
    </section>
  );
}
