import type { AdmissionDecision, InboxTask, NotAdmittedFollowUp } from '@hilfenetz/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { apiClient } from '../api/api-client';
import { sendReceipt } from '../api/delivery-receipts';
import { mapFieldErrors } from '../forms/map-field-errors';
import { isLiveTask, useBriefing } from '../hooks/use-inbox';
import { useNow } from '../hooks/use-now';
import { formatCountdown, formatDateTime, uhr } from '../i18n/date-format';
import { pick, texts, useTexts } from '../i18n/language';
import {
  admissionLabel,
  admissionOptions,
  followUpOptions,
  inboxStatusLabel,
  partyLabel,
  taskKindLabel,
} from '../i18n/parties';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { Alert } from './alert';
import { AmbulanceDispatchForm } from './ambulance-dispatch-form';
import { BriefingFacts } from './briefing-facts';
import { PlanningPart } from './planning-part';
import { ApiErrorAlert } from './api-error-alert';
import { RadioGroup } from './radio-group';
import { TextField } from './text-field';
import { TextareaField } from './textarea-field';
import { Button } from './button';

const T = texts(
  {
    actionConflict:
      'Die Krise ist in einem anderen Stand (z. B. abgebrochen oder schon erledigt). Die Liste wird aktualisiert.',
    taken: (caseId: string) => `Aufgabe für Fall ${caseId} übernommen und bestätigt.`,
    case: 'Fall',
    new: 'Neu',
    received: 'Eingegangen',
    deadline: 'Frist',
    escalations: 'Eskalationen',
    acknowledged: 'Bestätigt',
    ackStatus: (caseId: string) => `Aufgabe für Fall ${caseId} bestätigt.`,
    notAcknowledged: 'Nicht bestätigt',
    retry: 'Bitte erneut versuchen.',
    acknowledging: 'Wird bestätigt …',
    acknowledge: 'Übernehmen und bestätigen',
    reachedByPhone: 'Telefonisch erreicht',
    reachedInPerson: 'Persönlich erreicht',
    decline: 'Ablehnen …',
    declined: (caseId: string) =>
      `Aufgabe für Fall ${caseId} abgelehnt. Sie geht an die nächste Stelle der Meldekette.`,
    reasonTooShort: 'Bitte kurz begründen (mindestens 3 Zeichen), damit die nächste Stelle Bescheid weiß.',
    notDeclined: 'Nicht abgelehnt',
    reasonLabel: 'Grund der Ablehnung',
    reasonHint: 'Pflichtangabe, z. B. „Keine Betten frei“. Die Aufgabe geht an die nächste Stelle.',
    sending: 'Wird gesendet …',
    sendDecline: 'Ablehnung senden',
    back: 'Zurück',
    decisionMissing: 'Bitte die Entscheidung auswählen.',
    followUpMissing: 'Bitte den vereinbarten Anschlussweg wählen.',
    dischargeMissing: 'Bitte Datum und Uhrzeit der geplanten Entlassung angeben.',
    admission: 'Aufnahme',
    admissionRecorded: 'Aufnahmeentscheidung dokumentiert',
    admissionFailed: 'Entscheidung nicht gespeichert',
    admissionConflict: 'Für diese Krise ist die Aufnahme schon entschieden oder die Krise ist beendet.',
    decision: 'Entscheidung',
    followUp: 'Anschlussweg',
    saving: 'Wird gespeichert …',
    saveDecision: 'Entscheidung speichern',
    discharge: 'Entlassung',
    dischargeAnnounced: 'Entlassung angekündigt',
    dischargeInformed: 'Das Jugendamt ist informiert; die Hilfeplanung wird angestoßen.',
    dischargeFailed: 'Entlassung nicht angekündigt',
    dischargeConflict: 'Eine Entlassung kann erst nach der Aufnahme angekündigt werden.',
    plannedDischarge: 'Geplante Entlassung',
    announcing: 'Wird angekündigt …',
    announce: 'Entlassung ankündigen',
    dispatchReported: (caseId: string) => `Einsatz für Fall ${caseId} gemeldet; die Aufgabe ist damit bestätigt.`,
    for: 'Für',
    briefing: 'Lage',
    briefingLoading: 'Lage wird geladen …',
    briefingUnavailable: 'Die Angaben zur Lage sind gerade nicht abrufbar.',
    openFor: (caseId: string) => `Fall ${caseId}`,
    openShort: 'Aufgabe öffnen',
  },
  {
    actionConflict: 'The crisis is in a different state (e.g. cancelled or already done). The list is being updated.',
    taken: (caseId: string) => `Task for case ${caseId} taken and acknowledged.`,
    case: 'Case',
    new: 'New',
    received: 'Received',
    deadline: 'Deadline',
    escalations: 'Escalations',
    acknowledged: 'Acknowledged',
    ackStatus: (caseId: string) => `Task for case ${caseId} acknowledged.`,
    notAcknowledged: 'Not acknowledged',
    retry: 'Please try again.',
    acknowledging: 'Acknowledging …',
    acknowledge: 'Take and acknowledge',
    reachedByPhone: 'Reached by phone',
    reachedInPerson: 'Reached in person',
    decline: 'Decline …',
    declined: (caseId: string) => `Task for case ${caseId} declined. It goes to the next contact in the chain.`,
    reasonTooShort: 'Please give a short reason (at least 3 characters) so the next contact knows.',
    notDeclined: 'Not declined',
    reasonLabel: 'Reason for declining',
    reasonHint: 'Required, e.g. “No beds available”. The task goes to the next contact.',
    sending: 'Sending …',
    sendDecline: 'Send decline',
    back: 'Back',
    decisionMissing: 'Please choose the decision.',
    followUpMissing: 'Please choose the agreed follow-up.',
    dischargeMissing: 'Please give the date and time of the planned discharge.',
    admission: 'Admission',
    admissionRecorded: 'Admission decision recorded',
    admissionFailed: 'Decision not saved',
    admissionConflict: 'The admission for this crisis has already been decided or the crisis has ended.',
    decision: 'Decision',
    followUp: 'Follow-up',
    saving: 'Saving …',
    saveDecision: 'Save decision',
    discharge: 'Discharge',
    dischargeAnnounced: 'Discharge announced',
    dischargeInformed: 'The youth welfare office is informed; the help planning is being started.',
    dischargeFailed: 'Discharge not announced',
    dischargeConflict: 'A discharge can only be announced after admission.',
    plannedDischarge: 'Planned discharge',
    announcing: 'Announcing …',
    announce: 'Announce discharge',
    dispatchReported: (caseId: string) => `Dispatch for case ${caseId} reported; the task is acknowledged with it.`,
    for: 'For',
    briefing: 'Situation',
    briefingLoading: 'Loading the situation …',
    briefingUnavailable: 'The details of the situation are not available just now.',
    openFor: (caseId: string) => `case ${caseId}`,
    openShort: 'Open task',
  },
);

/** One task of the inbox with the actions its holder may take. */
interface TaskCardProps {
  task: InboxTask;
  fresh: boolean;
  /** On the task's own page: an article with the full briefing, no link to itself. */
  detail?: boolean;
  /** After an action: the page keeps the task in view and shows the message (focused if the card may go), worded when shown. */
  onDone: (task: InboxTask, message: () => string, focusMessage: boolean) => void;
}

export function TaskCard({ task, fresh, detail = false, onDone }: TaskCardProps) {
  const t = useTexts(T);
  const id = useId().replace(/:/g, '');
  const queryClient = useQueryClient();
  const now = useNow();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const [declining, setDeclining] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['tasks'] });
  const briefing = useBriefing(task, isLiveTask(task) || detail);

  const acknowledge = useMutation({
    mutationFn: (method?: 'phone_call' | 'in_person') =>
      apiClient.acknowledgeTask(task.caseId, task.crisisId, task.taskId, method),
    onSuccess: async () => {
      onDone(task, () => pick(T).taken(task.caseId), false);
      await refresh();
      statusRef.current?.focus();
    },
  });

  const deadline = task.deadline ? Date.parse(task.deadline) : null;
  const overdue = deadline !== null && deadline < now;
  const isOpen = task.status === 'open';
  const clinicActions =
    task.party === 'clinic' && task.kind === 'crisis_notification' && task.status === 'acknowledged';
  // After the crisis, the clinic and the provider take part in the Hilfeplanung from the same card.
  const planningParty =
    task.kind === 'crisis_notification' && !isOpen && (task.party === 'clinic' || task.party === 'provider')
      ? task.party
      : null;
  // The Leitstelle reports the operation number and ETA from its card, and updates the ETA later.
  const dispatchForm =
    task.party === 'ambulance' &&
    task.kind === 'crisis_notification' &&
    (isOpen || task.status === 'acknowledged' || task.status === 'supervisor_alerted');
  const holder = task.contactLabel ?? task.organisationName;
  // A person touching or tabbing into an open card has seen it: the in-app receipt says so once.
  const markSeen = () => {
    if (isOpen) void sendReceipt(task, 'seen');
  };
  const Root = detail ? 'article' : 'li';
  const Heading = detail ? 'h2' : 'h3';

  return (
    <Root
      className={`task card${fresh && isOpen ? ' task--fresh' : ''}${isOpen ? ' task--open' : ''}`}
      onPointerDown={markSeen}
      onFocus={markSeen}
      data-party={task.party}
    >
      <div className="task__head">
        <Heading className="task__title">
          {t.case} <span className="case-ref">{task.caseId}</span>
        </Heading>
        {fresh && isOpen && <span className="badge badge--new">{t.new}</span>}
        <span className={`badge badge--${task.status}`}>{inboxStatusLabel(task.status)}</span>
      </div>
      <p className="task__kind">
        {taskKindLabel(task.kind)} · {partyLabel(task.party)}
      </p>
      {briefing.data && (
        <section className="task__briefing" aria-label={t.briefing}>
          <BriefingFacts briefing={briefing.data} compact={!detail} />
        </section>
      )}
      {!briefing.data && briefing.isLoading && briefing.fetchStatus === 'fetching' && (
        <p className="muted">{t.briefingLoading}</p>
      )}
      {!briefing.data && briefing.error && <p className="muted">{t.briefingUnavailable}</p>}
      <dl className="facts facts--compact">
        {holder && (
          <div className="facts__row">
            <dt>{t.for}</dt>
            <dd>{holder}</dd>
          </div>
        )}
        <div className="facts__row">
          <dt>{t.received}</dt>
          <dd>
            {formatDateTime(task.createdAt)}
            {uhr()}
          </dd>
        </div>
        {isOpen && deadline !== null && (
          <div className="facts__row">
            <dt>{t.deadline}</dt>
            <dd className={overdue ? 'overdue' : undefined}>
              {formatDateTime(task.deadline ?? '')}
              {uhr()} ({formatCountdown(deadline, now)})
            </dd>
          </div>
        )}
        {task.escalations > 0 && (
          <div className="facts__row">
            <dt>{t.escalations}</dt>
            <dd>{task.escalations}</dd>
          </div>
        )}
        {task.acknowledgedAt && (
          <div className="facts__row">
            <dt>{t.acknowledged}</dt>
            <dd>
              {formatDateTime(task.acknowledgedAt)}
              {uhr()}
              {task.acknowledgedByName ? (
                <>
                  {' '}
                  · {task.acknowledgedByName} <span className="org">({task.acknowledgedBy})</span>
                </>
              ) : (
                task.acknowledgedBy && <> · {task.acknowledgedBy}</>
              )}
            </dd>
          </div>
        )}
      </dl>
      <p ref={statusRef} tabIndex={-1} className="visually-hidden" role="status">
        {acknowledge.isSuccess ? t.ackStatus(task.caseId) : ''}
      </p>

      {isOpen && acknowledge.error && (
        <ApiErrorAlert
          error={acknowledge.error}
          title={t.notAcknowledged}
          retryHint={t.retry}
          conflictMessage={t.actionConflict}
        />
      )}
      {(isOpen || task.status === 'unreachable') && task.party === 'guardian' && (
        // Guardians have no account: the ASD records how it reached them (the guardian's own
        // confirmation with the SMS code arrives by itself), also after the chain was documented
        // as unreachable — a later call still counts.
        <div className="form__actions">
          <Button variant="primary" isDisabled={acknowledge.isPending} onPress={() => acknowledge.mutate('phone_call')}>
            {t.reachedByPhone}
          </Button>
          <Button
            variant="secondary"
            isDisabled={acknowledge.isPending}
            onPress={() => acknowledge.mutate('in_person')}
          >
            {t.reachedInPerson}
          </Button>
        </div>
      )}
      {isOpen && !declining && task.party !== 'guardian' && (
        <div className="form__actions">
          <Button variant="primary" isDisabled={acknowledge.isPending} onPress={() => acknowledge.mutate(undefined)}>
            {acknowledge.isPending ? t.acknowledging : t.acknowledge}
          </Button>
          <Button variant="secondary" onPress={() => setDeclining(true)}>
            {t.decline}
          </Button>
        </div>
      )}
      {isOpen && declining && (
        <DeclineForm
          task={task}
          idPrefix={id}
          onClose={() => setDeclining(false)}
          onDeclined={() => {
            setDeclining(false);
            onDone(task, () => pick(T).declined(task.caseId), true);
          }}
        />
      )}
      {dispatchForm && (
        <AmbulanceDispatchForm
          caseId={task.caseId}
          crisisId={task.crisisId}
          idPrefix={id}
          onReported={() => onDone(task, () => pick(T).dispatchReported(task.caseId), false)}
        />
      )}
      {clinicActions && <ClinicActions task={task} idPrefix={id} />}
      {planningParty && <PlanningPart caseId={task.caseId} party={planningParty} idPrefix={id} />}
      {!detail && (
        <p className="task__open">
          <Link to={paths.task(task.caseId, task.crisisId, task.taskId)}>
            {t.openShort}
            <span className="visually-hidden"> ({t.openFor(task.caseId)})</span>
          </Link>
        </p>
      )}
    </Root>
  );
}

interface DeclineFormProps {
  task: InboxTask;
  idPrefix: string;
  onClose: () => void;
  onDeclined: () => void;
}

function DeclineForm({ task, idPrefix, onClose, onDeclined }: DeclineFormProps) {
  const t = useTexts(T);
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const decline = useMutation({
    mutationFn: (r: string) => apiClient.declineTask(task.caseId, task.crisisId, task.taskId, { reason: r }),
    onSuccess: async () => {
      onDeclined();
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < 3) {
      setTooShort(true);
      document.getElementById(`${idPrefix}-reason`)?.focus();
      return;
    }
    setTooShort(false);
    decline.mutate(trimmed);
  };
  // Worded while rendering, so a language switch rewords it too.
  const reasonError = tooShort
    ? t.reasonTooShort
    : mapFieldErrors(decline.error, { 'body.reason': 'reason' as const }).byField.reason;
  if (decline.isSuccess) return null;
  return (
    <form className="form task__form" onSubmit={submit} noValidate>
      {decline.error && !reasonError && (
        <ApiErrorAlert error={decline.error} title={t.notDeclined} conflictMessage={t.actionConflict} />
      )}
      <TextareaField
        id={`${idPrefix}-reason`}
        label={t.reasonLabel}
        hint={t.reasonHint}
        value={reason}
        onChange={setReason}
        error={reasonError}
        maxLength={500}
        rows={2}
        autoFocus
        required
      />
      <div className="form__actions">
        <Button type="submit" variant="danger-outline" isDisabled={decline.isPending}>
          {decline.isPending ? t.sending : t.sendDecline}
        </Button>
        <Button variant="quiet" onPress={onClose}>
          {t.back}
        </Button>
      </div>
    </form>
  );
}

/** Pads to two digits for a datetime-local value. */
const two = (n: number) => String(n).padStart(2, '0');
function localInputValue(d: Date): string {
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The clinic's part once it took the task: the admission decision, later the discharge. */
function ClinicActions({ task, idPrefix }: { task: InboxTask; idPrefix: string }) {
  const t = useTexts(T);
  const [decision, setDecision] = useState<AdmissionDecision | ''>('');
  const [followUp, setFollowUp] = useState<NotAdmittedFollowUp | ''>('');
  const [missing, setMissing] = useState<{ decision?: boolean; followUp?: boolean }>({});
  const [plannedFor, setPlannedFor] = useState(() => localInputValue(new Date(Date.now() + 24 * 3600_000)));
  const [plannedMissing, setPlannedMissing] = useState(false);

  const admission = useMutation({
    mutationFn: () =>
      apiClient.decideAdmission(task.caseId, task.crisisId, {
        decision: decision as AdmissionDecision,
        ...(decision === 'not_admitted' && followUp ? { followUp } : {}),
      }),
  });
  const discharge = useMutation({
    mutationFn: (iso: string) => apiClient.announceDischarge(task.caseId, task.crisisId, { plannedFor: iso }),
  });

  const submitAdmission = (e: FormEvent) => {
    e.preventDefault();
    const errors: { decision?: boolean; followUp?: boolean } = {};
    if (!decision) errors.decision = true;
    if (decision === 'not_admitted' && !followUp) errors.followUp = true;
    setMissing(errors);
    if (Object.keys(errors).length) return;
    admission.mutate();
  };
  const submitDischarge = (e: FormEvent) => {
    e.preventDefault();
    const d = new Date(plannedFor);
    if (!plannedFor || Number.isNaN(d.getTime())) {
      setPlannedMissing(true);
      return;
    }
    setPlannedMissing(false);
    discharge.mutate(d.toISOString());
  };

  const admitted = admission.isSuccess;
  return (
    <div className="task__clinic">
      <h4>{t.admission}</h4>
      {admitted ? (
        <Alert tone="success" title={t.admissionRecorded}>
          <p>{admissionLabel(decision)}</p>
        </Alert>
      ) : (
        <form className="form" onSubmit={submitAdmission} noValidate>
          {admission.error && (
            <ApiErrorAlert error={admission.error} title={t.admissionFailed} conflictMessage={t.admissionConflict} />
          )}
          <RadioGroup
            name={`${idPrefix}-decision`}
            legend={t.decision}
            options={admissionOptions()}
            value={decision}
            onChange={setDecision}
            error={missing.decision ? t.decisionMissing : undefined}
          />
          {decision === 'not_admitted' && (
            <RadioGroup
              name={`${idPrefix}-followup`}
              legend={t.followUp}
              options={followUpOptions()}
              value={followUp}
              onChange={setFollowUp}
              error={missing.followUp ? t.followUpMissing : undefined}
            />
          )}
          <div className="form__actions">
            <Button type="submit" variant="primary" isDisabled={admission.isPending}>
              {admission.isPending ? t.saving : t.saveDecision}
            </Button>
          </div>
        </form>
      )}
      {decision !== 'not_admitted' && (
        <>
          <h4>{t.discharge}</h4>
          {discharge.isSuccess ? (
            <Alert tone="success" title={t.dischargeAnnounced}>
              <p>{t.dischargeInformed}</p>
            </Alert>
          ) : (
            <form className="form form--inline" onSubmit={submitDischarge} noValidate>
              {discharge.error && (
                <ApiErrorAlert
                  error={discharge.error}
                  title={t.dischargeFailed}
                  conflictMessage={t.dischargeConflict}
                />
              )}
              <TextField
                id={`${idPrefix}-discharge`}
                type="datetime-local"
                label={t.plannedDischarge}
                value={plannedFor}
                onChange={setPlannedFor}
                error={plannedMissing ? t.dischargeMissing : undefined}
                required
              />
              <Button type="submit" variant="secondary" isDisabled={discharge.isPending}>
                {discharge.isPending ? t.announcing : t.announce}
              </Button>
            </form>
          )}
        </>
      )}
    </div>
  );
}
