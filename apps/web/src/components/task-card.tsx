import type { InboxTask } from '@hilfenetz/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { actionPaths } from '../api/api-client';
import { sendReceipt } from '../api/delivery-receipts';
import { isLiveTask, useBriefing } from '../hooks/use-inbox';
import { useNow } from '../hooks/use-now';
import { pick, texts, useTexts } from '../i18n/language';
import { inboxStatusLabel, partyLabel, taskKindLabel } from '../i18n/parties';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { AmbulanceDispatchForm } from './ambulance-dispatch-form';
import { ApiErrorAlert } from './api-error-alert';
import { BriefingFacts } from './briefing-facts';
import { Button } from './button';
import { ClinicActions } from './clinic-actions';
import { PlanningPart } from './planning-part';
import { TaskDeclineForm } from './task-decline-form';
import { TaskFacts } from './task-facts';
import { CaseRef, caseReference } from './case-ref';
import type { AcknowledgeTaskResult } from '@hilfenetz/contracts';
import { isKeptOffline, sendOrKeep } from '../offline/send-or-keep';
import { useOfflineActions } from '../offline/use-offline';

const T = texts(
  {
    actionConflict:
      'Die Krise ist in einem anderen Stand (z. B. abgebrochen oder schon erledigt). Die Liste wird aktualisiert.',
    taken: (caseId: string) => `Aufgabe für Fall ${caseId} übernommen und bestätigt.`,
    keptOffline: (caseId: string) =>
      `Bestätigung für Fall ${caseId} offline erfasst: Sie wartet auf Verbindung und wird dann gesendet.`,
    waiting: 'Wartet auf Verbindung',
    declineKeptOffline: (caseId: string) =>
      `Ablehnung für Fall ${caseId} offline erfasst: Sie wartet auf Verbindung und wird dann gesendet.`,
    case: 'Fall',
    new: 'Neu',
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
    dispatchReported: (caseId: string) => `Einsatz für Fall ${caseId} gemeldet; die Aufgabe ist damit bestätigt.`,
    briefing: 'Lage',
    briefingLoading: 'Lage wird geladen …',
    briefingUnavailable: 'Die Angaben zur Lage sind gerade nicht abrufbar.',
    openFor: (caseId: string) => `Fall ${caseId}`,
    openShort: 'Aufgabe öffnen',
  },
  {
    actionConflict: 'The crisis is in a different state (e.g. cancelled or already done). The list is being updated.',
    taken: (caseId: string) => `Task for case ${caseId} taken and acknowledged.`,
    keptOffline: (caseId: string) =>
      `Acknowledgement for case ${caseId} recorded offline: it waits for a connection and is sent then.`,
    waiting: 'Waiting for a connection',
    declineKeptOffline: (caseId: string) =>
      `Decline for case ${caseId} recorded offline: it waits for a connection and is sent then.`,
    case: 'Case',
    new: 'New',
    ackStatus: (caseId: string) => `Task for case ${caseId} acknowledged.`,
    notAcknowledged: 'Not acknowledged',
    retry: 'Please try again.',
    acknowledging: 'Acknowledging …',
    acknowledge: 'Take and acknowledge',
    reachedByPhone: 'Reached by phone',
    reachedInPerson: 'Reached in person',
    decline: 'Decline …',
    declined: (caseId: string) => `Task for case ${caseId} declined. It goes to the next contact in the chain.`,
    dispatchReported: (caseId: string) => `Dispatch for case ${caseId} reported; the task is acknowledged with it.`,
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

  const ackPath = `${actionPaths.task(task.caseId, task.crisisId, task.taskId)}/acknowledge`;
  // Done offline and kept on the device: the card says so until it is sent.
  const declinePath = `${actionPaths.task(task.caseId, task.crisisId, task.taskId)}/decline`;
  const waiting = useOfflineActions().pending.some((a) => a.path === ackPath || a.path === declinePath);
  const acknowledge = useMutation({
    // Runs offline too: sendOrKeep keeps the action on the device (TanStack Query would pause it).
    networkMode: 'always',
    mutationFn: (method?: 'phone_call' | 'in_person') =>
      sendOrKeep<AcknowledgeTaskResult>({
        kind: 'acknowledge',
        caseId: task.caseId,
        path: ackPath,
        body: method ? { method } : {},
      }),
    onSuccess: async (result) => {
      if (isKeptOffline(result)) {
        onDone(task, () => pick(T).keptOffline(caseReference(task.caseId)), false);
        return;
      }
      onDone(task, () => pick(T).taken(caseReference(task.caseId)), false);
      await refresh();
      statusRef.current?.focus();
    },
  });

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
          {t.case} <CaseRef caseId={task.caseId} />
        </Heading>
        {fresh && isOpen && <span className="badge badge--new">{t.new}</span>}
        <span className={`badge badge--${task.status}`}>{inboxStatusLabel(task.status)}</span>
        {waiting && <span className="badge badge--waiting">{t.waiting}</span>}
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
      <TaskFacts task={task} now={now} />
      <p ref={statusRef} tabIndex={-1} className="visually-hidden" role="status">
        {acknowledge.isSuccess ? t.ackStatus(caseReference(task.caseId)) : ''}
      </p>

      {isOpen && acknowledge.error && (
        <ApiErrorAlert
          error={acknowledge.error}
          title={t.notAcknowledged}
          retryHint={t.retry}
          conflictMessage={t.actionConflict}
        />
      )}
      {(isOpen || task.status === 'unreachable') && !waiting && task.party === 'guardian' && (
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
      {isOpen && !declining && !waiting && task.party !== 'guardian' && (
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
        <TaskDeclineForm
          task={task}
          idPrefix={id}
          categories={briefing.data?.declineReasonCategories ?? []}
          onClose={() => setDeclining(false)}
          onDeclined={(keptOffline) => {
            setDeclining(false);
            const text = keptOffline ? pick(T).declineKeptOffline : pick(T).declined;
            onDone(task, () => text(caseReference(task.caseId)), !keptOffline);
          }}
        />
      )}
      {dispatchForm && (
        <AmbulanceDispatchForm
          caseId={task.caseId}
          crisisId={task.crisisId}
          idPrefix={id}
          onReported={() => onDone(task, () => pick(T).dispatchReported(caseReference(task.caseId)), false)}
        />
      )}
      {clinicActions && <ClinicActions task={task} idPrefix={id} />}
      {planningParty && <PlanningPart caseId={task.caseId} party={planningParty} idPrefix={id} />}
      {!detail && (
        <p className="task__open">
          <Link to={paths.task(task.caseId, task.crisisId, task.taskId)}>
            {t.openShort}
            <span className="visually-hidden"> ({t.openFor(caseReference(task.caseId))})</span>
          </Link>
        </p>
      )}
    </Root>
  );
}
