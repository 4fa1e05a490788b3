import type { AdmissionDecision, InboxTask, NotAdmittedFollowUp } from '@hilfenetz/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { apiClient } from '../api/api-client';
import { mapFieldErrors } from '../forms/map-field-errors';
import { useNow } from '../hooks/use-now';
import { formatCountdown, formatDateTime } from '../i18n/date-format.de';
import {
  admissionLabel,
  admissionOptions,
  followUpOptions,
  inboxStatusLabel,
  partyLabel,
  taskKindLabel,
} from '../i18n/parties.de';
import { Alert } from './alert';
import { PlanningPart } from './planning-part';
import { ApiErrorAlert } from './api-error-alert';
import { RadioGroup } from './radio-group';
import { TextField } from './text-field';
import { TextareaField } from './textarea-field';
import { Button } from './button';

const ACTION_CONFLICT =
  'Die Krise ist in einem anderen Stand (z. B. abgebrochen oder schon erledigt). Die Liste wird aktualisiert.';

/** One task of the inbox with the actions its holder may take. */
interface TaskCardProps {
  task: InboxTask;
  fresh: boolean;
  /** After an action: the page keeps the task in view and shows the message (focused if the card may go). */
  onDone: (task: InboxTask, message: string, focusMessage: boolean) => void;
}

export function TaskCard({ task, fresh, onDone }: TaskCardProps) {
  const id = useId().replace(/:/g, '');
  const queryClient = useQueryClient();
  const now = useNow();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const [declining, setDeclining] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['tasks'] });

  const acknowledge = useMutation({
    mutationFn: () => apiClient.acknowledgeTask(task.caseId, task.crisisId, task.taskId),
    onSuccess: async () => {
      onDone(task, `Aufgabe für Fall ${task.caseId} übernommen und bestätigt.`, false);
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

  return (
    <li className={`task card${fresh && isOpen ? ' task--fresh' : ''}${isOpen ? ' task--open' : ''}`}>
      <div className="task__head">
        <h3 className="task__title">
          Fall <span className="case-ref">{task.caseId}</span>
        </h3>
        {fresh && isOpen && <span className="badge badge--new">Neu</span>}
        <span className={`badge badge--${task.status}`}>{inboxStatusLabel(task.status)}</span>
      </div>
      <p className="task__kind">
        {taskKindLabel(task.kind)} · {partyLabel(task.party)}
      </p>
      <dl className="facts facts--compact">
        <div className="facts__row">
          <dt>Eingegangen</dt>
          <dd>{formatDateTime(task.createdAt)} Uhr</dd>
        </div>
        {isOpen && deadline !== null && (
          <div className="facts__row">
            <dt>Frist</dt>
            <dd className={overdue ? 'overdue' : undefined}>
              {formatDateTime(task.deadline ?? '')} Uhr ({formatCountdown(deadline, now)})
            </dd>
          </div>
        )}
        {task.escalations > 0 && (
          <div className="facts__row">
            <dt>Eskalationen</dt>
            <dd>{task.escalations}</dd>
          </div>
        )}
        {task.acknowledgedAt && (
          <div className="facts__row">
            <dt>Bestätigt</dt>
            <dd>
              {formatDateTime(task.acknowledgedAt)} Uhr{task.acknowledgedBy && <> · {task.acknowledgedBy}</>}
            </dd>
          </div>
        )}
      </dl>
      <p ref={statusRef} tabIndex={-1} className="visually-hidden" role="status">
        {acknowledge.isSuccess ? `Aufgabe für Fall ${task.caseId} bestätigt.` : ''}
      </p>

      {isOpen && acknowledge.error && (
        <ApiErrorAlert
          error={acknowledge.error}
          title="Nicht bestätigt"
          retryHint="Bitte erneut versuchen."
          conflictMessage={ACTION_CONFLICT}
        />
      )}
      {isOpen && !declining && (
        <div className="form__actions">
          <Button variant="primary" isDisabled={acknowledge.isPending} onPress={() => acknowledge.mutate()}>
            {acknowledge.isPending ? 'Wird bestätigt …' : 'Übernehmen und bestätigen'}
          </Button>
          <Button variant="secondary" onPress={() => setDeclining(true)}>
            Ablehnen …
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
            onDone(
              task,
              `Aufgabe für Fall ${task.caseId} abgelehnt. Sie geht an die nächste Stelle der Meldekette.`,
              true,
            );
          }}
        />
      )}
      {clinicActions && <ClinicActions task={task} idPrefix={id} />}
      {planningParty && <PlanningPart caseId={task.caseId} party={planningParty} idPrefix={id} />}
    </li>
  );
}

interface DeclineFormProps {
  task: InboxTask;
  idPrefix: string;
  onClose: () => void;
  onDeclined: () => void;
}

function DeclineForm({ task, idPrefix, onClose, onDeclined }: DeclineFormProps) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const decline = useMutation({
    mutationFn: (r: string) => apiClient.declineTask(task.caseId, task.crisisId, task.taskId, { reason: r }),
    onSuccess: async () => {
      onDeclined();
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
    onError: (err) => setReasonError(mapFieldErrors(err, { 'body.reason': 'reason' as const }).byField.reason),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < 3) {
      setReasonError('Bitte kurz begründen (mindestens 3 Zeichen), damit die nächste Stelle Bescheid weiß.');
      document.getElementById(`${idPrefix}-reason`)?.focus();
      return;
    }
    setReasonError(undefined);
    decline.mutate(trimmed);
  };
  if (decline.isSuccess) return null;
  return (
    <form className="form task__form" onSubmit={submit} noValidate>
      {decline.error && !reasonError && (
        <ApiErrorAlert error={decline.error} title="Nicht abgelehnt" conflictMessage={ACTION_CONFLICT} />
      )}
      <TextareaField
        id={`${idPrefix}-reason`}
        label="Grund der Ablehnung"
        hint="Pflichtangabe, z. B. „Keine Betten frei“. Die Aufgabe geht an die nächste Stelle."
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
          {decline.isPending ? 'Wird gesendet …' : 'Ablehnung senden'}
        </Button>
        <Button variant="quiet" onPress={onClose}>
          Zurück
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
  const [decision, setDecision] = useState<AdmissionDecision | ''>('');
  const [followUp, setFollowUp] = useState<NotAdmittedFollowUp | ''>('');
  const [formError, setFormError] = useState<{ decision?: string; followUp?: string }>({});
  const [plannedFor, setPlannedFor] = useState(() => localInputValue(new Date(Date.now() + 24 * 3600_000)));
  const [plannedError, setPlannedError] = useState<string | undefined>();

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
    const errors: { decision?: string; followUp?: string } = {};
    if (!decision) errors.decision = 'Bitte die Entscheidung auswählen.';
    if (decision === 'not_admitted' && !followUp) errors.followUp = 'Bitte den vereinbarten Anschlussweg wählen.';
    setFormError(errors);
    if (Object.keys(errors).length) return;
    admission.mutate();
  };
  const submitDischarge = (e: FormEvent) => {
    e.preventDefault();
    const d = new Date(plannedFor);
    if (!plannedFor || Number.isNaN(d.getTime())) {
      setPlannedError('Bitte Datum und Uhrzeit der geplanten Entlassung angeben.');
      return;
    }
    setPlannedError(undefined);
    discharge.mutate(d.toISOString());
  };

  const admitted = admission.isSuccess;
  return (
    <div className="task__clinic">
      <h4>Aufnahme</h4>
      {admitted ? (
        <Alert tone="success" title="Aufnahmeentscheidung dokumentiert">
          <p>{admissionLabel(decision)}</p>
        </Alert>
      ) : (
        <form className="form" onSubmit={submitAdmission} noValidate>
          {admission.error && (
            <ApiErrorAlert
              error={admission.error}
              title="Entscheidung nicht gespeichert"
              conflictMessage="Für diese Krise ist die Aufnahme schon entschieden oder die Krise ist beendet."
            />
          )}
          <RadioGroup
            name={`${idPrefix}-decision`}
            legend="Entscheidung"
            options={admissionOptions}
            value={decision}
            onChange={setDecision}
            error={formError.decision}
          />
          {decision === 'not_admitted' && (
            <RadioGroup
              name={`${idPrefix}-followup`}
              legend="Anschlussweg"
              options={followUpOptions}
              value={followUp}
              onChange={setFollowUp}
              error={formError.followUp}
            />
          )}
          <div className="form__actions">
            <Button type="submit" variant="primary" isDisabled={admission.isPending}>
              {admission.isPending ? 'Wird gespeichert …' : 'Entscheidung speichern'}
            </Button>
          </div>
        </form>
      )}
      {decision !== 'not_admitted' && (
        <>
          <h4>Entlassung</h4>
          {discharge.isSuccess ? (
            <Alert tone="success" title="Entlassung angekündigt">
              <p>Das Jugendamt ist informiert; die Hilfeplanung wird angestoßen.</p>
            </Alert>
          ) : (
            <form className="form form--inline" onSubmit={submitDischarge} noValidate>
              {discharge.error && (
                <ApiErrorAlert
                  error={discharge.error}
                  title="Entlassung nicht angekündigt"
                  conflictMessage="Eine Entlassung kann erst nach der Aufnahme angekündigt werden."
                />
              )}
              <TextField
                id={`${idPrefix}-discharge`}
                type="datetime-local"
                label="Geplante Entlassung"
                value={plannedFor}
                onChange={setPlannedFor}
                error={plannedError}
                required
              />
              <Button type="submit" variant="secondary" isDisabled={discharge.isPending}>
                {discharge.isPending ? 'Wird angekündigt …' : 'Entlassung ankündigen'}
              </Button>
            </form>
          )}
        </>
      )}
    </div>
  );
}
