import { Alert } from '../components/alert';
import { Button } from '../components/button';
import { caseReference } from '../components/case-ref';
import { formatClockIso } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { offlineActions, type OfflineNotice } from './offline-actions';
import type { QueuedActionKind } from './offline-queue';
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
    what: (action: string, caseId: string, at: string) => `„${action}“ für Fall ${caseId}, erfasst um ${at}.`,
    superseded:
      'Inzwischen hat sich der Stand geändert: Die Aufgabe wurde von jemand anderem bestätigt, eskaliert oder geschlossen, oder die Krise wurde abgebrochen. Ihre Eingabe ist vermerkt, aber nicht wirksam geworden.',
    refused: 'Die Eingabe wurde nicht angenommen und ist nicht wirksam geworden.',
    server: (detail: string) => `Antwort des Servers: ${detail}`,
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
    what: (action: string, caseId: string, at: string) => `"${action}" for case ${caseId}, recorded at ${at}.`,
    superseded:
      'The situation changed meanwhile: the task was acknowledged by someone else, escalated or closed, or the crisis was cancelled. Your entry is noted but took no effect.',
    refused: 'The entry was not accepted and took no effect.',
    server: (detail: string) => `The server said: ${detail}`,
    dismiss: 'Understood',
  },
);

function Notice({ notice }: { notice: OfflineNotice }) {
  const t = useTexts(T);
  const superseded = notice.outcome === 'superseded';
  return (
    <Alert tone="error" title={superseded ? t.supersededTitle : t.refusedTitle}>
      <p>{t.what(t.actions[notice.actionKind], caseReference(notice.caseId), formatClockIso(notice.actedAt))}</p>
      <p>{superseded ? t.superseded : t.refused}</p>
      {notice.detail && <p>{t.server(notice.detail)}</p>}
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
