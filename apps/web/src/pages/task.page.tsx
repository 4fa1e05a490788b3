import type { InboxTask } from '@hilfenetz/contracts';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error';
import { sendReceipt } from '../api/delivery-receipts';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { BriefingFacts } from '../components/briefing-facts';
import { TaskCard } from '../components/task-card';
import { useBriefing, useInboxLive, useInboxTasks } from '../hooks/use-inbox';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { CaseRef, caseReference } from '../components/case-ref';

const T = texts(
  {
    title: (caseId: string) => `Aufgabe – Fall ${caseId}`,
    heading: 'Aufgabe im Fall',
    live: {
      connecting: 'Verbindung wird aufgebaut …',
      live: 'Live: Änderungen erscheinen automatisch',
      offline: 'Keine Live-Verbindung – wird erneut versucht. Die Angaben können veraltet sein.',
    },
    loading: 'Aufgabe wird geladen …',
    unavailable: 'Aufgabe nicht abrufbar',
    retrying: 'Die Seite versucht es automatisch weiter.',
    notInInbox: 'Nicht in Ihrem Eingang',
    notInInboxText:
      'Diese Aufgabe liegt nicht (mehr) bei Ihrer Organisation, z. B. weil sie an die nächste Stelle weitergeleitet wurde.',
    briefing: 'Lage',
    briefingHidden: 'Zu dieser Aufgabe gibt es für Sie keine Angaben.',
    back: 'Zurück zu den Aufgaben',
    lagebild: 'Lagebild der Krise (Ihre Fassung)',
  },
  {
    title: (caseId: string) => `Task – case ${caseId}`,
    heading: 'Task in case',
    live: {
      connecting: 'Connecting …',
      live: 'Live: changes appear automatically',
      offline: 'No live connection – retrying. The details may be out of date.',
    },
    loading: 'Loading task …',
    unavailable: 'Task not available',
    retrying: 'The page keeps trying automatically.',
    notInInbox: 'Not in your inbox',
    notInInboxText:
      'This task is not (or no longer) held by your organisation, e.g. because it was passed on to the next contact.',
    briefing: 'Situation',
    briefingHidden: 'There are no details on this task for you.',
    back: 'Back to the tasks',
    lagebild: 'Situation report of the crisis (your version)',
  },
);

interface TaskPageProps {
  caseId: string;
  crisisId: string;
  taskId: string;
}

/** One task on its own page: the full briefing and the holder's actions, live like the inbox. */
export function TaskPage({ caseId, crisisId, taskId }: TaskPageProps) {
  const t = useTexts(T);
  usePageTitle(t.title(caseReference(caseId)));
  const tasks = useInboxTasks();
  const live = useInboxLive();
  const task = tasks.data?.tasks.find((x) => x.caseId === caseId && x.crisisId === crisisId && x.taskId === taskId);
  const [notice, setNotice] = useState<{ text: () => string; n: number } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  // A person opened the task: the in-app receipt says it was seen (once; delivered first).
  const open = task?.status === 'open';
  useEffect(() => {
    if (open) void sendReceipt({ caseId, crisisId, taskId }, 'seen');
  }, [open, caseId, crisisId, taskId]);

  const onDone = (_: InboxTask, text: () => string, focus: boolean) => {
    setNotice((prev) => ({ text, n: (prev?.n ?? 0) + 1 }));
    if (focus) requestAnimationFrame(() => noticeRef.current?.focus());
  };

  return (
    <>
      <h1 tabIndex={-1}>
        {t.heading} <CaseRef caseId={caseId} />
      </h1>
      <p className="live-indicator" data-state={live}>
        <span className="live-indicator__dot" aria-hidden="true" />
        {t.live[live]}
      </p>
      {tasks.error && <ApiErrorAlert error={tasks.error} title={t.unavailable} retryHint={t.retrying} />}
      {notice && (
        <div ref={noticeRef} tabIndex={-1} key={notice.n} className="notice">
          <Alert tone="success">
            <p>{notice.text()}</p>
          </Alert>
        </div>
      )}
      {!tasks.data && !tasks.error && <p role="status">{t.loading}</p>}
      {task && <TaskCard task={task} fresh={false} detail onDone={onDone} />}
      {tasks.data && !task && <ForeignTask caseId={caseId} crisisId={crisisId} taskId={taskId} />}
      <ul className="link-list">
        {/* The Leitstelle and the clinic holding their task read the situation report cut to them. */}
        {task && task.status !== 'closed' && (task.party === 'ambulance' || task.party === 'clinic') && (
          <li>
            <Link to={paths.lagebild(caseId, crisisId, task.party === 'ambulance' ? 'leitstelle' : 'clinic')}>
              {t.lagebild}
            </Link>
          </li>
        )}
        <li>
          <Link to={paths.inbox()}>{t.back}</Link>
        </li>
      </ul>
    </>
  );
}

/**
 * A task the caller's organisation does not hold (passed on, or the lead office looking): its
 * briefing if the API lets the caller read it, otherwise only that it is not in the inbox.
 */
function ForeignTask({ caseId, crisisId, taskId }: TaskPageProps) {
  const t = useTexts(T);
  const briefing = useBriefing({ caseId, crisisId, taskId }, true);
  const hidden = briefing.error instanceof ApiError && briefing.error.kind === 'not_found';
  return (
    <>
      <Alert tone="info" title={t.notInInbox}>
        <p>{t.notInInboxText}</p>
      </Alert>
      {briefing.data && (
        <section className="card" aria-labelledby="briefing-heading">
          <h2 id="briefing-heading">{t.briefing}</h2>
          <BriefingFacts briefing={briefing.data} />
        </section>
      )}
      {hidden && <p className="empty">{t.briefingHidden}</p>}
      {briefing.error && !hidden && <ApiErrorAlert error={briefing.error} title={t.unavailable} />}
    </>
  );
}
