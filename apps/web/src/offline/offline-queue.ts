/**
 * The rules of the offline queue, without I/O (unit-tested in offline-queue.spec.ts): what an action
 * done without a connection carries, in which order actions leave the device, and what each answer of
 * the API means for the entry. Storage (encrypted-store.ts) and sending (queue-sender.ts) follow them.
 */

/** The actions that work offline (issue 19); each has its own request, rebuilt from the entry. */
export type QueuedActionKind =
  'trigger' | 'acknowledge' | 'decline' | 'cancel' | 'admission' | 'dispatch' | 'invitation_answer';

export interface QueuedAction {
  /** The Idempotency-Key, made when the person acted: every attempt sends the same one. */
  key: string;
  /** Position in the queue: actions leave in the order they were done. */
  seq: number;
  /** The token's `sub` of who acted: an entry is only ever sent under that person's login. */
  userId: string;
  kind: QueuedActionKind;
  /** The API path and JSON body, as they would have been sent online. */
  path: string;
  body: unknown;
  /** When the person acted, by the device's clock (ISO 8601); sent as X-Acted-At. */
  actedAt: string;
  /** The case the action concerns (for the notice after a conflict). */
  caseId: string;
  attempts: number;
}

/** What the API's answer to one queued action means for it. */
export type SendOutcome =
  /** Taken (2xx): removed from the queue. */
  | { kind: 'delivered' }
  /**
   * The world moved on while the device was offline (409: the task was acknowledged, escalated or
   * closed, the crisis cancelled; 404: it is gone): removed, and the person is told what happened.
   */
  | { kind: 'superseded'; why: SupersededWhy }
  /**
   * A trigger the API recorded in the case's crisis that was already running (200, `joined`,
   * docs/adr/0034): removed, and the person is told which crisis took it.
   */
  | { kind: 'joined'; afterEnd?: true }
  /** Refused for good (400/403/422): removed, and the person is told; sending again cannot help. */
  | { kind: 'refused' }
  /**
   * Not decided yet (no connection, 5xx, 429, 401 until the person logs in again): the entry stays,
   * and so does every later one, so the order holds.
   */
  | { kind: 'wait' };

/**
 * What happened instead, as far as the answer tells: a colleague of the same organisation
 * acknowledged first, the crisis is over (cancelled, closed), the task moved on (acknowledged by
 * another party, escalated, closed), or the crisis or task is gone.
 */
export type SupersededWhy = 'colleague' | 'crisis_closed' | 'state_changed' | 'gone';

/** The answer of one attempt: an HTTP status, or null when the server was not reached. */
export interface SendResult {
  status: number | null;
  /** The problem's `title` (RFC 9457): the API's stable name of the refusal. */
  title?: string | null;
  /** A 2xx acknowledgement that returned a colleague's earlier one (acknowledgedByAnother). */
  byColleague?: boolean;
  /** A 2xx trigger that joined the case's running crisis instead of starting one. */
  joined?: boolean;
  /** …one that had already ended: the trigger was done while it ran (`afterEnd`, docs/adr/0034). */
  joinedAfterEnd?: boolean;
}

/** The API's title of a 409 for a crisis that is cancelled or closed (apps/api problems.ts). */
const CRISIS_NOT_OPEN = 'Crisis not open';

export function outcomeOf(result: SendResult): SendOutcome {
  const { status } = result;
  if (status === null) return { kind: 'wait' };
  if (status >= 200 && status < 300) {
    if (result.joined) return result.joinedAfterEnd ? { kind: 'joined', afterEnd: true } : { kind: 'joined' };
    return result.byColleague ? { kind: 'superseded', why: 'colleague' } : { kind: 'delivered' };
  }
  if (status === 409) {
    return { kind: 'superseded', why: result.title === CRISIS_NOT_OPEN ? 'crisis_closed' : 'state_changed' };
  }
  if (status === 404 || status === 410) return { kind: 'superseded', why: 'gone' };
  // 401: the login expired while offline; the entry waits for the new one (queue-sender.ts).
  // 408/425/429 and 5xx: asking again later is what they ask for.
  if (status === 401 || status === 408 || status === 425 || status === 429 || status >= 500) return { kind: 'wait' };
  return { kind: 'refused' };
}

/** Appends an action after every other; the same key twice (a double tap) stays one entry. */
export function enqueue(
  queue: readonly QueuedAction[],
  action: Omit<QueuedAction, 'seq' | 'attempts'>,
): QueuedAction[] {
  if (queue.some((a) => a.key === action.key)) return [...queue];
  const seq = queue.reduce((max, a) => Math.max(max, a.seq), 0) + 1;
  return [...queue, { ...action, seq, attempts: 0 }];
}

/** The entries this person may send now, oldest first; another person's entries are never among them. */
export function sendableFor(queue: readonly QueuedAction[], userId: string): QueuedAction[] {
  return queue.filter((a) => a.userId === userId).sort((a, b) => a.seq - b.seq);
}

/** The queue after one attempt: the entry leaves on a decision, stays (counted) while waiting. */
export function afterAttempt(queue: readonly QueuedAction[], key: string, outcome: SendOutcome): QueuedAction[] {
  if (outcome.kind === 'wait') return queue.map((a) => (a.key === key ? { ...a, attempts: a.attempts + 1 } : a));
  return queue.filter((a) => a.key !== key);
}

/**
 * Sends this person's entries one after another, in order, each exactly once per decision: a send
 * that must wait stops the round (later entries must not overtake it). Returns what was decided.
 */
export async function drain(
  queue: readonly QueuedAction[],
  userId: string,
  send: (action: QueuedAction) => Promise<SendResult>,
  onDecided: (action: QueuedAction, outcome: SendOutcome, queueAfter: QueuedAction[]) => Promise<void>,
): Promise<{ queue: QueuedAction[]; decided: { action: QueuedAction; outcome: SendOutcome }[] }> {
  let current = [...queue];
  const decided: { action: QueuedAction; outcome: SendOutcome }[] = [];
  for (const action of sendableFor(current, userId)) {
    const outcome = outcomeOf(await send(action));
    current = afterAttempt(current, action.key, outcome);
    await onDecided(action, outcome, current);
    if (outcome.kind === 'wait') break;
    decided.push({ action, outcome });
  }
  return { queue: current, decided };
}

/**
 * The API answers a repeated acknowledgement of the same organisation with the first one (200,
 * `alreadyAcknowledged`). Sent from the queue, that first one may be a colleague's, done while this
 * device was offline: then this person's acknowledgement was superseded, and they must hear so.
 * Their own earlier attempt (an answer lost on the way) is theirs and counts as delivered.
 */
export function acknowledgedByAnother(answer: unknown, userId: string): boolean {
  if (typeof answer !== 'object' || answer === null) return false;
  const a = answer as { alreadyAcknowledged?: unknown; acknowledgedBy?: { id?: unknown } };
  return a.alreadyAcknowledged === true && a.acknowledgedBy?.id !== userId;
}

/**
 * The API answered a trigger queued while the case's last crisis ran, but sent after it had ended:
 * recorded in that crisis afterwards (`afterEnd: true`, docs/adr/0034).
 */
export function joinedEndedCrisis(answer: unknown): boolean {
  return joinedRunningCrisis(answer) && (answer as { afterEnd?: unknown }).afterEnd === true;
}

/** The API answered a trigger with the case's running crisis (`joined: true`, docs/adr/0034). */
export function joinedRunningCrisis(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && (answer as { joined?: unknown }).joined === true;
}
