import { isProcessTaskKind, type InboxTask } from '@hilfenetz/contracts';
import { useEffect, useRef, useState } from 'react';
import { Radio, RadioGroup } from 'react-aria-components';
import { sendReceipt } from '../api/delivery-receipts';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { ProcessTaskCard } from '../components/process-task-card';
import { TaskCard } from '../components/task-card';
import { useInboxLive, useInboxTasks } from '../hooks/use-inbox';
import { usePageTitle } from '../hooks/use-page-title';
import { formatTime, uhr } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { caseReference } from '../components/case-ref';
import { OfflineStand } from '../offline/offline-stand';

const taskKey = (t: InboxTask) => `${t.caseId}/${t.crisisId}/${t.taskId}`;

type View = 'open' | 'active' | 'all';

/** Open: waiting for us. In progress: taken, not finished (the clinic's admission and discharge). */
const VIEWS: Record<View, (t: InboxTask) => boolean> = {
  open: (t) => t.status === 'open',
  active: (t) => t.status === 'acknowledged' || t.status === 'supervisor_alerted',
  all: () => true,
};

const T = texts(
  {
    views: {
      open: { label: 'Offen', heading: 'Offene Aufgaben' },
      active: { label: 'In Bearbeitung', heading: 'Aufgaben in Bearbeitung' },
      all: { label: 'Alle', heading: 'Alle Aufgaben' },
    } as Record<View, { label: string; heading: string }>,
    live: {
      connecting: 'Verbindung wird aufgebaut …',
      live: 'Live: neue Aufgaben erscheinen automatisch',
      offline: 'Keine Live-Verbindung – wird erneut versucht. Die Liste kann veraltet sein.',
    },
    title: 'Aufgaben',
    newOne: (caseId: string) => `Neue Krisenaufgabe: Fall ${caseId}`,
    newOther: (caseId: string) => `Neue Aufgabe: Fall ${caseId}`,
    newMany: (n: number) => `${n} neue Krisenaufgaben eingegangen`,
    whichTasks: 'Welche Aufgaben anzeigen',
    unavailable: 'Aufgaben nicht abrufbar',
    retrying: 'Die Liste versucht es automatisch weiter.',
    openCount: (n: number) => `${n} offen · `,
    asOf: (time: string) => `Stand ${time}`,
    noneOpen: 'Keine offenen Aufgaben. Neue Krisen erscheinen hier sofort.',
    none: 'Keine Aufgaben.',
    loading: 'Aufgaben werden geladen …',
  },
  {
    views: {
      open: { label: 'Open', heading: 'Open tasks' },
      active: { label: 'In progress', heading: 'Tasks in progress' },
      all: { label: 'All', heading: 'All tasks' },
    },
    live: {
      connecting: 'Connecting …',
      live: 'Live: new tasks appear automatically',
      offline: 'No live connection – retrying. The list may be out of date.',
    },
    title: 'Tasks',
    newOne: (caseId: string) => `New crisis task: case ${caseId}`,
    newOther: (caseId: string) => `New task: case ${caseId}`,
    newMany: (n: number) => `${n} new crisis tasks received`,
    whichTasks: 'Which tasks to show',
    unavailable: 'Tasks not available',
    retrying: 'The list keeps trying automatically.',
    openCount: (n: number) => `${n} open · `,
    asOf: (time: string) => `As of ${time}`,
    noneOpen: 'No open tasks. New crises appear here at once.',
    none: 'No tasks.',
    loading: 'Loading tasks …',
  },
);

/** The organisation's task inbox, live through the server's event stream. */
export function InboxPage() {
  const t = useTexts(T);
  usePageTitle(t.title);
  const [view, setView] = useState<View>('open');
  // One list for all views: switching is instant, and a task just acted on can stay in view.
  const tasks = useInboxTasks();
  const live = useInboxLive();

  // Tasks that arrived after the first load are marked new until acknowledged or the page is left.
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const all = tasks.data?.tasks;
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<{ text: () => string; n: number } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const onDone = (task: InboxTask, text: () => string, focusNotice: boolean) => {
    // Taken tasks stay in the open view (admission, discharge follow); declined ones may leave it.
    if (!focusNotice) setKept((prev) => new Set([...prev, taskKey(task)]));
    setNotice((prev) => ({ text, n: (prev?.n ?? 0) + 1 }));
    if (focusNotice) requestAnimationFrame(() => noticeRef.current?.focus());
  };
  const list = all?.filter((task) => VIEWS[view](task) || (view === 'open' && kept.has(taskKey(task))));
  useEffect(() => {
    if (!all) return;
    // The in-app receipt: every open crisis task that reached this inbox, once per task (the
    // other kinds are not notifications with a delivery to confirm).
    for (const task of all)
      if (task.status === 'open' && !isProcessTaskKind(task.kind)) void sendReceipt(task, 'delivered');
    if (seen.current === null) {
      seen.current = new Set(all.map(taskKey));
      return;
    }
    const arrived = all.filter((t) => !seen.current?.has(taskKey(t)));
    if (arrived.length === 0) return;
    for (const t of arrived) seen.current.add(taskKey(t));
    const open = arrived.filter((t) => t.status === 'open');
    if (open.length === 0) return;
    setFresh((prev) => new Set([...prev, ...open.map(taskKey)]));
    // Kept as words of the language shown when the task arrived: a live region reads it once.
    const [one] = open;
    // A review, a §8a step or a §4 KKG answer is no crisis: announced as a task, not a crisis task.
    const newOne = one && isProcessTaskKind(one.kind) ? t.newOther : t.newOne;
    setAnnouncement(open.length === 1 ? newOne(caseReference(one?.caseId ?? '')) : t.newMany(open.length));
  }, [all]);

  const openCount = all?.filter((task) => task.status === 'open').length ?? 0;
  return (
    <>
      <h1 tabIndex={-1}>{t.title}</h1>
      {tasks.data?.organisationName && <p className="lead">{tasks.data.organisationName}</p>}
      <OfflineStand updatedAt={tasks.dataUpdatedAt} error={tasks.error} />
      <p className="live-indicator" data-state={live}>
        <span className="live-indicator__dot" aria-hidden="true" />
        {t.live[live]}
      </p>
      {/* Announced politely: a new crisis should be noticed, not startle. */}
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>

      <RadioGroup
        aria-label={t.whichTasks}
        orientation="horizontal"
        className="segmented"
        value={view}
        onChange={(v) => setView(v as View)}
      >
        {(Object.keys(VIEWS) as View[]).map((v) => (
          <Radio key={v} value={v} className="segmented__option">
            {t.views[v].label}
          </Radio>
        ))}
      </RadioGroup>

      {tasks.error && <ApiErrorAlert error={tasks.error} title={t.unavailable} retryHint={t.retrying} />}

      {notice && (
        <div ref={noticeRef} tabIndex={-1} key={notice.n} className="notice">
          <Alert tone="success">
            <p>{notice.text()}</p>
          </Alert>
        </div>
      )}

      {list && (
        <section aria-labelledby="tasks-heading">
          <div className="section-head">
            <h2 id="tasks-heading">
              {t.views[view].heading} <span className="count">({list.length})</span>
            </h2>
            <p className="muted">
              {view !== 'open' && t.openCount(openCount)}
              {tasks.dataUpdatedAt > 0 && `${t.asOf(formatTime(new Date(tasks.dataUpdatedAt)))}${uhr()}`}
            </p>
          </div>
          {list.length === 0 ? (
            <p className="empty">{view === 'open' ? t.noneOpen : t.none}</p>
          ) : (
            <ul className="task-list">
              {list.map((task) =>
                isProcessTaskKind(task.kind) ? (
                  <ProcessTaskCard key={taskKey(task)} task={task} kind={task.kind} />
                ) : (
                  <TaskCard key={taskKey(task)} task={task} fresh={fresh.has(taskKey(task))} onDone={onDone} />
                ),
              )}
            </ul>
          )}
        </section>
      )}
      {!list && !tasks.error && <p role="status">{t.loading}</p>}
    </>
  );
}
