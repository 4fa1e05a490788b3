import { Alert } from '../components/alert';
import { Button } from '../components/button';
import { caseReference } from '../components/case-ref';
import { formatClockIso } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { offlineActions, type OfflineNotice } from './offline-actions';
import type { QueuedActionKind, SupersededWhy } from './offline-queue';
import { useOfflineActions } from './use-offline';

const T = texts(
  {
    actions: {
      trigger: 'Krise auslösen',
      acknowledge: 'Aufgabe bestätigen',
      decline: 'Aufgabe ablehnen',
      cancel: 'Krise abbrechen',
      admission: 'Aufnahme entscheiden',
      dispatch: 'Einsatz melden',
      invitation_answer: 'Einladung beantworten',
    } as Record<QueuedActionKind, string>,
    supersededTitle: 'Offline erfasst, aber nicht mehr übernommen',
    refusedTitle: 'Offline erfasst, vom Server abgelehnt',
    joinedTitle: 'Krise lief bereits – Ihre Auslösung wurde der laufenden Krise zugeordnet',
    joined:
      'Für diesen Fall lief schon eine Krise. Es wurde keine zweite angelegt; Ihre Auslösung und Ihre Angaben stehen im Verlauf der laufenden Krise.',
    joinedAfterEndTitle: 'Krise war bereits beendet – Ihre Auslösung wurde ihr nachträglich zugeordnet',
    joinedAfterEnd:
      'Sie haben ausgelöst, während für diesen Fall eine Krise lief; übertragen wurde es erst nach deren Ende. Ihre Auslösung und Ihre Angaben stehen in ihrem Verlauf, eine neue Krise wurde nicht angelegt. Besteht die Gefahr weiter, lösen Sie bitte jetzt erneut aus.',
    what: (action: string, caseId: string, at: string) => `„${action}“ für Fall ${caseId}, erfasst um ${at}.`,
    why: {
      colleague: 'Inzwischen hat jemand anderes Ihrer Organisation die Aufgabe bestätigt.',
      crisis_closed: 'Inzwischen wurde die Krise abgebrochen oder abgeschlossen.',
      state_changed: 'Inzwischen hat sich der Stand geändert: Die Aufgabe wurde bestätigt, eskaliert oder geschlossen.',
      gone: 'Die Krise oder Aufgabe ist nicht mehr vorhanden.',
    } as Record<SupersededWhy, string>,
    superseded: 'Ihre Eingabe ist nicht wirksam geworden; der aktuelle Stand steht in der Liste.',
    refused: 'Die Eingabe wurde nicht angenommen und ist nicht wirksam geworden.',
    dismiss: 'Verstanden',
  },
  {
    actions: {
      trigger: 'Trigger a crisis',
      acknowledge: 'Acknowledge a task',
      decline: 'Decline a task',
      cancel: 'Cancel a crisis',
      admission: 'Decide the admission',
      dispatch: 'Report the dispatch',
      invitation_answer: 'Answer an invitation',
    },
    supersededTitle: 'Recorded offline, no longer taken',
    refusedTitle: 'Recorded offline, refused by the server',
    joinedTitle: 'Crisis already running – your trigger was assigned to it',
    joined:
      'A crisis was already running for this case. No second one was created; your trigger and your details are in the running crisis’s log.',
    joinedAfterEndTitle: 'The crisis had already ended – your trigger was assigned to it afterwards',
    joinedAfterEnd:
      'You triggered while a crisis was running for this case; it was sent only after that crisis had ended. Your trigger and your details are in its log; no new crisis was created. If the danger persists, please trigger again now.',
    what: (action: string, caseId: string, at: string) => `"${action}" for case ${caseId}, recorded at ${at}.`,
    why: {
      colleague: 'Meanwhile someone else of your organisation acknowledged the task.',
      crisis_closed: 'Meanwhile the crisis was cancelled or closed.',
      state_changed: 'The situation changed meanwhile: the task was acknowledged, escalated or closed.',
      gone: 'The crisis or task no longer exists.',
    },
    superseded: 'Your entry took no effect; the current state is shown in the list.',
    refused: 'The entry was not accepted and took no effect.',
    dismiss: 'Understood',
  },
);

function Notice({ notice }: { notice: OfflineNotice }) {
  const t = useTexts(T);
  const superseded = notice.outcome === 'superseded';
  if (notice.outcome === 'joined') {
    return (
      <Alert tone="info" title={notice.afterEnd ? t.joinedAfterEndTitle : t.joinedTitle}>
        <p>{t.what(t.actions[notice.actionKind], caseReference(notice.caseId), formatClockIso(notice.actedAt))}</p>
        <p>{notice.afterEnd ? t.joinedAfterEnd : t.joined}</p>
        <div className="form__actions">
          <Button variant="secondary" onPress={() => void offlineActions.dismiss(notice.key)}>
            {t.dismiss}
          </Button>
        </div>
      </Alert>
    );
  }
  return (
    <Alert tone="error" title={superseded ? t.supersededTitle : t.refusedTitle}>
      <p>{t.what(t.actions[notice.actionKind], caseReference(notice.caseId), formatClockIso(notice.actedAt))}</p>
      {superseded && notice.why && <p>{t.why[notice.why]}</p>}
      <p>{superseded ? t.superseded : t.refused}</p>
      <div className="form__actions">
        <Button variant="secondary" onPress={() => void offlineActions.dismiss(notice.key)}>
          {t.dismiss}
        </Button>
      </div>
    </Alert>
  );
}

/** Under the header: what became of actions sent after the connection returned, if not taken. */
export function OfflineNotices() {
  const { notices } = useOfflineActions();
  if (notices.length === 0) return null;
  return (
    <div className="offline-notices">
      {notices.map((n) => (
        <Notice key={n.key} notice={n} />
      ))}
    </div>
  );
}
