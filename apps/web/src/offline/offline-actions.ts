import { ApiError } from '../api/api-error';
import { requestJson } from '../api/http-request';
import { sessionStore } from '../auth/session-store';
import { deleteRecord, putEncrypted, readAll, wipeAll } from './encrypted-store';
import {
  acknowledgedByAnother,
  drain,
  enqueue,
  joinedEndedCrisis,
  joinedRunningCrisis,
  type QueuedAction,
  type QueuedActionKind,
  type SendResult,
  type SupersededWhy,
} from './offline-queue';
import { forgetSessionKey } from './session-key';

/**
 * The device's queue of actions done without a connection, and the notices about those the API
 * could not take (docs/adr/0026). Kept encrypted in IndexedDB (a reload keeps them), mirrored here
 * for the header's count and the notices; sent in order when the connection returns.
 */

/** An action the API did not take as it was done: the person sees it until they dismiss it. */
export interface OfflineNotice {
  key: string;
  outcome: 'superseded' | 'refused' | 'joined';
  actionKind: QueuedActionKind;
  caseId: string;
  /** What happened instead (superseded only). */
  why: SupersededWhy | null;
  /** Joined: the crisis had already ended when the trigger arrived (done while it ran). */
  afterEnd?: boolean;
  actedAt: string;
  decidedAt: string;
}

export interface OfflineSnapshot {
  /** This person's waiting actions, oldest first. */
  pending: readonly QueuedAction[];
  notices: readonly OfflineNotice[];
  /** The last round sent something: the keys of what arrived (for the "übertragen" note). */
  delivered: readonly string[];
}

/** Registered while actions wait, where the browser has Background Sync (see public/offline-sync.js). */
export const SYNC_TAG = 'hilfenetz-warteschlange';

let queue: QueuedAction[] = [];
let notices: OfflineNotice[] = [];
let delivered: string[] = [];
let snapshot: OfflineSnapshot = { pending: [], notices: [], delivered: [] };
const listeners = new Set<() => void>();

const queueId = (key: string) => `queue:${key}`;
const noticeId = (key: string) => `notice:${key}`;

function publish(): void {
  const userId = sessionStore.get()?.claims.subject ?? null;
  snapshot = {
    pending: queue.filter((a) => a.userId === userId).sort((a, b) => a.seq - b.seq),
    notices: [...notices],
    delivered: [...delivered],
  };
  for (const l of listeners) l();
}

/**
 * The Idempotency-Key of one action and, for one sent from the queue, the device time of acting
 * (X-Acted-At): the timeline then says it was recorded offline.
 */
export function actionHeaders(key: string, actedAt?: string): Record<string, string> {
  return actedAt ? { 'idempotency-key': key, 'x-acted-at': actedAt } : { 'idempotency-key': key };
}

async function sendOne(action: QueuedAction): Promise<SendResult> {
  try {
    const answer = await requestJson<unknown>('POST', action.path, {
      body: action.body,
      headers: actionHeaders(action.key, action.actedAt),
    });
    // A colleague acknowledged while this device was offline: superseded, as a 409 would be.
    return {
      status: 200,
      byColleague: action.kind === 'acknowledge' && acknowledgedByAnother(answer, action.userId),
      joined: action.kind === 'trigger' && joinedRunningCrisis(answer),
      joinedAfterEnd: action.kind === 'trigger' && joinedEndedCrisis(answer),
    };
  } catch (err) {
    if (err instanceof ApiError) {
      return { status: err.kind === 'network' ? null : err.status, title: err.problem?.title ?? null };
    }
    return { status: null };
  }
}

let loading: Promise<void> | null = null;
let sending: Promise<void> | null = null;

export const offlineActions = {
  get: (): OfflineSnapshot => snapshot,

  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  /** After login or a reload: the queue and the notices of this session, from IndexedDB. */
  load(): Promise<void> {
    loading ??= (async () => {
      queue = (await readAll<QueuedAction>('queue')).map((r) => r.value);
      notices = (await readAll<OfflineNotice>('notice')).map((r) => r.value);
      publish();
    })().catch(() => {
      loading = null;
    });
    return loading;
  },

  /** Keeps an action that could not be sent; it leaves when the connection returns. */
  async add(action: {
    key: string;
    kind: QueuedActionKind;
    path: string;
    body: unknown;
    actedAt: string;
    caseId: string;
  }): Promise<void> {
    const userId = sessionStore.get()?.claims.subject;
    if (!userId) throw new Error('no session: an action cannot be kept for nobody');
    await offlineActions.load();
    queue = enqueue(queue, { ...action, userId });
    const entry = queue.find((a) => a.key === action.key);
    if (entry) await putEncrypted('queue', queueId(entry.key), entry);
    publish();
    void registerBackgroundSync();
  },

  /**
   * Sends this person's waiting actions in order, one at a time; stops at the first that must
   * wait. Only one round runs at once, so no action is sent twice in parallel.
   */
  send(): Promise<void> {
    sending ??= (async () => {
      try {
        await offlineActions.load();
        const session = sessionStore.get();
        if (!session || session.ended || !navigator.onLine) return;
        const result = await drain(queue, session.claims.subject, sendOne, async (action, outcome, after) => {
          queue = after;
          if (outcome.kind === 'wait') {
            const kept = after.find((a) => a.key === action.key);
            if (kept) await putEncrypted('queue', queueId(kept.key), kept);
            return;
          }
          await deleteRecord(queueId(action.key));
          if (outcome.kind === 'delivered') delivered = [...delivered, action.key];
          else {
            const notice: OfflineNotice = {
              key: action.key,
              outcome: outcome.kind,
              actionKind: action.kind,
              caseId: action.caseId,
              why: outcome.kind === 'superseded' ? outcome.why : null,
              ...(outcome.kind === 'joined' && outcome.afterEnd ? { afterEnd: true } : {}),
              actedAt: action.actedAt,
              decidedAt: new Date().toISOString(),
            };
            notices = [...notices, notice];
            await putEncrypted('notice', noticeId(action.key), notice);
          }
          publish();
        });
        queue = result.queue;
        publish();
      } finally {
        sending = null;
      }
    })();
    return sending;
  },

  async dismiss(key: string): Promise<void> {
    notices = notices.filter((n) => n.key !== key);
    await deleteRecord(noticeId(key));
    publish();
  },

  /** Logout: the queue, the notices, the cached pages and the key are gone. */
  async wipe(): Promise<void> {
    queue = [];
    notices = [];
    delivered = [];
    loading = null;
    forgetSessionKey();
    await wipeAll().catch(() => undefined);
    publish();
  },
};

/** Asks the browser to wake the app when the connection returns, where it has Background Sync. */
async function registerBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (
      registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined
    )?.sync;
    await sync?.register(SYNC_TAG);
  } catch {
    // No worker (dev server) or no Background Sync: the page's "online" event sends the queue.
  }
}

/** Whether a failed call means "no connection": then the action is kept instead of refused. */
export const isUnreachable = (err: unknown): boolean =>
  (err instanceof ApiError && err.kind === 'network') || (typeof navigator !== 'undefined' && !navigator.onLine);
