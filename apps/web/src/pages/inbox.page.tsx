import type { InboxTask } from '@hilfenetz/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Radio, RadioGroup } from 'react-aria-components';
import { apiClient } from '../api/api-client';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { TaskCard } from '../components/task-card';
import { useLiveStream } from '../hooks/use-live-stream';
import { usePageTitle } from '../hooks/use-page-title';
import { formatTime } from '../i18n/date-format.de';

const taskKey = (t: InboxTask) => `${t.caseId}/${t.crisisId}/${t.taskId}`;

type View = 'open' | 'active' | 'all';

/** Open: waiting for us. In progress: taken, not finished (the clinic's admission and discharge). */
const VIEWS: Record<View, { label: string; heading: string; shows: (t: InboxTask) => boolean }> = {
  open: { label: 'Offen', heading: 'Offene Aufgaben', shows: (t) => t.status === 'open' },
  active: {
    label: 'In Bearbeitung',
    heading: 'Aufgaben in Bearbeitung',
    shows: (t) => t.status === 'acknowledged' || t.status === 'supervisor_alerted',
  },
  all: { label: 'Alle', heading: 'Alle Aufgaben', shows: () => true },
};

const LIVE_TEXT = {
  connecting: 'Verbindung wird aufgebaut …',
  live: 'Live: neue Aufgaben erscheinen automatisch',
  offline: 'Keine Live-Verbindung – wird erneut versucht. Die Liste kann veraltet sein.',
} as const;

/** The organisation's task inbox, live through the server's event stream. */
export function InboxPage() {
  usePageTitle('Aufgaben');
  const [view, setView] = useState<View>('open');
  const queryClient = useQueryClient();
  // One list for all views: switching is instant, and a task just acted on can stay in view.
  const tasks = useQuery({
    queryKey: ['tasks', 'all'],
    queryFn: ({ signal }) => apiClient.listTasks('all', signal),
    // The stream says when to reload; this poll only covers a broken stream.
    refetchInterval: 30_000,
  });
  const live = useLiveStream('/tasks/stream', (e) => {
    if (e.event === 'inbox-changed' || e.event === 'ready') void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  });

  // Tasks that arrived after the first load are marked new until acknowledged or the page is left.
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const all = tasks.data?.tasks;
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<{ text: string; n: number } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const onDone = (t: InboxTask, text: string, focusNotice: boolean) => {
    // Taken tasks stay in the open view (admission, discharge follow); declined ones may leave it.
    if (!focusNotice) setKept((prev) => new Set([...prev, taskKey(t)]));
    setNotice((prev) => ({ text, n: (prev?.n ?? 0) + 1 }));
    if (focusNotice) requestAnimationFrame(() => noticeRef.current?.focus());
  };
  const list = all?.filter((t) => VIEWS[view].shows(t) || (view === 'open' && kept.has(taskKey(t))));
  useEffect(() => {
    if (!all) return;
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
    setAnnouncement(
      open.length === 1
        ? `Neue Krisenaufgabe: Fall ${open[0]?.caseId ?? ''}`
        : `${open.length} neue Krisenaufgaben eingegangen`,
    );
  }, [all]);

  const openCount = all?.filter((t) => t.status === 'open').length ?? 0;
  return (
    <>
      <h1 tabIndex={-1}>Aufgaben</h1>
      <p className="live-indicator" data-state={live}>
        <span className="live-indicator__dot" aria-hidden="true" />
        {LIVE_TEXT[live]}
      </p>
      {/* Announced politely: a new crisis should be noticed, not startle. */}
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>

      <RadioGroup
        aria-label="Welche Aufgaben anzeigen"
        orientation="horizontal"
        className="segmented"
        value={view}
        onChange={(v) => setView(v as View)}
      >
        {(Object.keys(VIEWS) as View[]).map((v) => (
          <Radio key={v} value={v} className="segmented__option">
            {VIEWS[v].label}
          </Radio>
        ))}
      </RadioGroup>

      {tasks.error && (
        <ApiErrorAlert
          error={tasks.error}
          title="Aufgaben nicht abrufbar"
          retryHint="Die Liste versucht es automatisch weiter."
        />
      )}

      {notice && (
        <div ref={noticeRef} tabIndex={-1} key={notice.n} className="notice">
          <Alert tone="success">
            <p>{notice.text}</p>
          </Alert>
        </div>
      )}

      {list && (
        <section aria-labelledby="tasks-heading">
          <div className="section-head">
            <h2 id="tasks-heading">
              {VIEWS[view].heading} <span className="count">({list.length})</span>
            </h2>
            <p className="muted">
              {view !== 'open' && `${openCount} offen · `}
              {tasks.dataUpdatedAt > 0 && `Stand ${formatTime(new Date(tasks.dataUpdatedAt))} Uhr`}
            </p>
          </div>
          {list.length === 0 ? (
            <p className="empty">
              {view === 'open' ? 'Keine offenen Aufgaben. Neue Krisen erscheinen hier sofort.' : 'Keine Aufgaben.'}
            </p>
          ) : (
            <ul className="task-list">
              {list.map((t) => (
                <TaskCard key={taskKey(t)} task={t} fresh={fresh.has(taskKey(t))} onDone={onDone} />
              ))}
            </ul>
          )}
        </section>
      )}
      {!list && !tasks.error && <p role="status">Aufgaben werden geladen …</p>}
    </>
  );
}
