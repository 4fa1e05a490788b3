/*
 * What both sides of the inbox benchmark share: the users, the recorder of first sights and the
 * shape of a side (hilfenetz-side.ts, baseline-side.ts); inbox.bench.ts drives them.
 */

/** The four inboxes of the agreement's organisations, each opened by one demo user. */
export const INBOX_USERS = ['leitstelle', 'klinik', 'fachkraft', 'traeger'] as const;
export type InboxUser = (typeof INBOX_USERS)[number];
/** Tasks a crisis makes visible in those inboxes: ambulance, clinic, youth office, provider, guardian. */
export const TASKS_PER_TRIGGER = 5;

/** First sight of each task of each trigger, against the trigger's send time. */
export class Recorder {
  private readonly sentAt = new Map<string, number>();
  private readonly seen = new Set<string>();
  readonly visible: number[] = [];
  readonly push: number[] = [];
  /** Every first sight, for the stage breakdown. */
  readonly sights: { triggerId: string; pushAt: number; visibleAt: number }[] = [];
  /** Tasks seen per trigger, and who to tell when a trigger's tasks are all visible. */
  private readonly perTrigger = new Map<string, number>();
  private allSeenWaiters: (() => void)[] = [];
  onComplete: (triggerId: string) => void = () => undefined;
  /** After its phase: a task seen later stays missing (it must not count in a later summary). */
  closed = false;
  expect(triggerId: string, at: number): void {
    this.sentAt.set(triggerId, at);
  }
  /** A task became visible: `pushAt` the SSE message that led to it, `visibleAt` when it was shown. */
  saw(triggerId: string, taskId: string, pushAt: number, visibleAt: number): void {
    const t0 = this.sentAt.get(triggerId);
    const key = `${triggerId}/${taskId}`;
    if (this.closed || t0 === undefined || this.seen.has(key)) return;
    this.seen.add(key);
    this.visible.push(visibleAt - t0);
    this.push.push(pushAt - t0);
    this.sights.push({ triggerId, pushAt, visibleAt });
    const n = (this.perTrigger.get(triggerId) ?? 0) + 1;
    this.perTrigger.set(triggerId, n);
    if (n === TASKS_PER_TRIGGER) this.onComplete(triggerId);
    if (this.visible.length >= this.sentAt.size * TASKS_PER_TRIGGER) {
      for (const w of this.allSeenWaiters) w();
      this.allSeenWaiters = [];
    }
  }
  allSeen(timeoutMs: number): Promise<void> {
    if (this.visible.length >= this.sentAt.size * TASKS_PER_TRIGGER) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.allSeenWaiters.push(() => (clearTimeout(timer), resolve()));
    });
  }
  sentAtOf(triggerId: string): number | undefined {
    return this.sentAt.get(triggerId);
  }
  get expected(): number {
    return this.sentAt.size * TASKS_PER_TRIGGER;
  }
}

export interface Side {
  name: 'hilfenetz' | 'baseline';
  /** Untimed preparation of `n` triggers (registered cases); returns their ids. */
  prepare(n: number): Promise<string[]>;
  /** Sends one trigger; the recorder already holds its send time. Resolves with the HTTP status or 0. */
  fire(triggerId: string): Promise<number>;
  /** Points the inbox clients at this phase's recorder. */
  attach(recorder: Recorder): void;
  /** Untimed clean-up after a phase (waits for the cancellations). */
  settle(): Promise<void>;
  /** Where the time went (hilfenetz only), from the phase's sights and the event store. */
  stages?(recorder: Recorder): Promise<Stages>;
}

/** hilfenetz's path in three stages, each in ms (clocks: this process and the worker's, same machine). */
export interface Stages {
  /** Trigger send → PartyNotified durable in the event store (recorded_at), per crisis. */
  toDurable: number[];
  /** PartyNotified durable → the `inbox-changed` push that led to the task (relay, Kafka, projector, NOTIFY, SSE), per task. */
  durableToPush: number[];
  /** That push → the reloaded list holding the task (GET /tasks), per task. */
  pushToShown: number[];
}

export type Log = (m: string) => void;
