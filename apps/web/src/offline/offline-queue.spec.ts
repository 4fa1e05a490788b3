import {
  acknowledgedByAnother,
  afterAttempt,
  drain,
  enqueue,
  joinedEndedCrisis,
  joinedRunningCrisis,
  outcomeOf,
  sendableFor,
  type QueuedAction,
  type SendResult,
} from './offline-queue';

const action = (key: string, userId = 'u-klinik', kind: QueuedAction['kind'] = 'acknowledge') => ({
  key,
  userId,
  kind,
  path: `/cases/kjp.A-1/crises/c-1/tasks/task-${key}/acknowledge`,
  body: {},
  actedAt: '2026-12-03T10:00:00.000Z',
  caseId: 'kjp.A-1',
});

describe('offline queue', () => {
  it('keeps the order in which the person acted', () => {
    let q = enqueue([], action('a'));
    q = enqueue(q, action('b'));
    q = enqueue(q, action('c'));
    expect(q.map((a) => [a.key, a.seq])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('keeps one entry for one Idempotency-Key (a double tap)', () => {
    const q = enqueue(enqueue([], action('a')), action('a'));
    expect(q).toHaveLength(1);
  });

  it('numbers after the highest entry left, so a later action never overtakes an earlier one', () => {
    let q = enqueue(enqueue([], action('a')), action('b'));
    q = afterAttempt(q, 'a', { kind: 'delivered' });
    q = enqueue(q, action('c'));
    expect(sendableFor(q, 'u-klinik').map((a) => a.key)).toEqual(['b', 'c']);
  });

  it("never hands out another person's entries", () => {
    let q = enqueue([], action('a', 'u-klinik'));
    q = enqueue(q, action('b', 'u-fachkraft'));
    expect(sendableFor(q, 'u-fachkraft').map((a) => a.key)).toEqual(['b']);
    expect(sendableFor(q, 'u-nobody')).toEqual([]);
  });

  it.each<[SendResult, string]>([
    [{ status: 200 }, 'delivered'],
    [{ status: 201 }, 'delivered'],
    [{ status: 202 }, 'delivered'],
    [{ status: 409, title: 'Not possible in this state' }, 'superseded'],
    [{ status: 404 }, 'superseded'],
    [{ status: 400 }, 'refused'],
    [{ status: 403 }, 'refused'],
    [{ status: 422 }, 'refused'],
    [{ status: null }, 'wait'],
    [{ status: 401 }, 'wait'],
    [{ status: 429 }, 'wait'],
    [{ status: 502 }, 'wait'],
    [{ status: 503 }, 'wait'],
  ])('reads %j as %s', (result, kind) => {
    expect(outcomeOf(result).kind).toBe(kind);
  });

  it('says what happened instead, as far as the answer tells', () => {
    expect(outcomeOf({ status: 409, title: 'Crisis not open' })).toEqual({ kind: 'superseded', why: 'crisis_closed' });
    expect(outcomeOf({ status: 409, title: 'Not possible in this state' })).toEqual({
      kind: 'superseded',
      why: 'state_changed',
    });
    expect(outcomeOf({ status: 404 })).toEqual({ kind: 'superseded', why: 'gone' });
    expect(outcomeOf({ status: 200, byColleague: true })).toEqual({ kind: 'superseded', why: 'colleague' });
  });

  it('a trigger the API recorded in the case’s running crisis is told as joined, not as delivered', () => {
    expect(outcomeOf({ status: 200, joined: true })).toEqual({ kind: 'joined' });
    expect(joinedRunningCrisis({ crisisId: 'c', caseId: 'f', alreadyTriggered: false, joined: true })).toBe(true);
    expect(joinedRunningCrisis({ crisisId: 'c', caseId: 'f', alreadyTriggered: true, joined: false })).toBe(false);
    const q = afterAttempt(enqueue([], action('t', 'u-ja', 'trigger')), 't', { kind: 'joined' });
    expect(q).toEqual([]);
  });

  it('a trigger recorded afterwards in the crisis that had ended meanwhile is told so', () => {
    expect(outcomeOf({ status: 200, joined: true, joinedAfterEnd: true })).toEqual({ kind: 'joined', afterEnd: true });
    const answer = { crisisId: 'c', caseId: 'f', alreadyTriggered: false, joined: true, afterEnd: true };
    expect(joinedEndedCrisis(answer)).toBe(true);
    expect(joinedEndedCrisis({ ...answer, afterEnd: undefined })).toBe(false);
  });

  it('keeps a waiting entry and counts the attempt', () => {
    const q = afterAttempt(enqueue([], action('a')), 'a', { kind: 'wait' });
    expect(q).toMatchObject([{ key: 'a', attempts: 1 }]);
  });

  it('sends in order, each entry once, and stops at the first that must wait', async () => {
    let q = enqueue([], action('a'));
    q = enqueue(q, action('b'));
    q = enqueue(q, action('c'));
    const sent: string[] = [];
    const answers: Record<string, SendResult> = { a: { status: 200 }, b: { status: null }, c: { status: 200 } };
    const result = await drain(
      q,
      'u-klinik',
      async (a) => {
        sent.push(a.key);
        return answers[a.key]!;
      },
      async () => undefined,
    );
    expect(sent).toEqual(['a', 'b']);
    expect(result.queue.map((a) => a.key)).toEqual(['b', 'c']);
    expect(result.decided.map((d) => [d.action.key, d.outcome.kind])).toEqual([['a', 'delivered']]);

    // The connection is back: the rest goes, b first; a is not sent again.
    sent.length = 0;
    answers.b = { status: 200 };
    const second = await drain(
      result.queue,
      'u-klinik',
      async (a) => (sent.push(a.key), answers[a.key]!),
      async () => undefined,
    );
    expect(sent).toEqual(['b', 'c']);
    expect(second.queue).toEqual([]);
  });

  it('goes on after a conflict: the superseded entry leaves, the next one is sent', async () => {
    let q = enqueue([], action('a'));
    q = enqueue(q, action('b'));
    const decided: string[] = [];
    const result = await drain(
      q,
      'u-klinik',
      async (a) => (a.key === 'a' ? { status: 409 } : { status: 200 }),
      async (a, outcome, after) => {
        decided.push(`${a.key}:${outcome.kind}:${after.length}`);
      },
    );
    expect(decided).toEqual(['a:superseded:1', 'b:delivered:0']);
    expect(result.queue).toEqual([]);
  });

  it("leaves another person's entries in the queue untouched", async () => {
    let q = enqueue([], action('a', 'u-other'));
    q = enqueue(q, action('b', 'u-klinik'));
    const sent: string[] = [];
    const result = await drain(
      q,
      'u-klinik',
      async (a) => (sent.push(a.key), { status: 200 }),
      async () => undefined,
    );
    expect(sent).toEqual(['b']);
    expect(result.queue.map((a) => a.key)).toEqual(['a']);
  });

  it("tells a colleague's earlier acknowledgement from one's own repeated one", () => {
    const first = (id: string) => ({ alreadyAcknowledged: true, acknowledgedBy: { id }, taskId: 't' });
    expect(acknowledgedByAnother(first('u-colleague'), 'u-klinik')).toBe(true);
    expect(acknowledgedByAnother(first('u-klinik'), 'u-klinik')).toBe(false);
    expect(acknowledgedByAnother({ alreadyAcknowledged: false, acknowledgedBy: { id: 'x' } }, 'u-klinik')).toBe(false);
    expect(acknowledgedByAnother(null, 'u-klinik')).toBe(false);
  });
});
