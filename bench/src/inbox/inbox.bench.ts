import type { InboxTask, TaskInboxResponse } from '@hilfenetz/contracts';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Client } from 'pg';
import { summarize, type Summary } from '../percentiles';
import { BASELINE_TASKS, type BaselineRow, type RawPath } from './baseline';
import { keepOpen, readSse, type SseMessage } from './sse-client';

/** The four inboxes of the agreement's organisations, each opened by one demo user. */
export const INBOX_USERS = ['leitstelle', 'klinik', 'fachkraft', 'traeger'] as const;
export type InboxUser = (typeof INBOX_USERS)[number];
/** Tasks a crisis makes visible in those inboxes: ambulance, clinic, youth office, provider, guardian. */
export const TASKS_PER_TRIGGER = 5;

/** First sight of each task of each trigger, against the trigger's send time. */
class Recorder {
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

interface Side {
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

export interface PhaseResult {
  side: Side['name'];
  rate: number;
  triggers: number;
  expected: number;
  samples: number;
  missing: number;
  failedTriggers: number;
  /** Trigger send → the task shown (hilfenetz: the reloaded list that holds it; baseline: the pushed row). */
  visible: number[];
  /** Trigger send → the SSE message after which the task was shown. */
  push: number[];
  /** The trigger request itself (POST /crises, or workflow.start). */
  triggerCall: number[];
  /** How late the open-loop sends left against their schedule. */
  sendLagMax: number;
  load: [number, number];
  stages?: Stages;
}

export interface RateResult {
  rate: number;
  hilfenetz: {
    visible: Summary;
    push: Summary;
    triggerCall: Summary;
    stages: { toDurable: Summary; durableToPush: Summary; pushToShown: Summary };
  };
  baseline: { visible: Summary; triggerCall: Summary };
  missing: { hilfenetz: number; baseline: number };
  triggers: { hilfenetz: number; baseline: number };
  expected: { hilfenetz: number; baseline: number };
  failedTriggers: { hilfenetz: number; baseline: number };
  sendLagMaxMs: number;
  ratio: { p50: number; p90: number; p99: number; max: number };
  load: { min: number; max: number };
}

type Log = (m: string) => void;

/** hilfenetz: real users, real endpoints, four open inboxes that reload on every push, as the web app. */
export async function hilfenetzSide(
  apiUrl: string,
  databaseUrl: string,
  tokens: Record<InboxUser, string>,
  stop: AbortSignal,
  log: Log,
): Promise<Side & { streams: Promise<void>[]; breaks: () => number; reloads: () => number }> {
  let recorder: Recorder | null = null;
  const crisisOf = new Map<string, string>();
  const cancels: Promise<unknown>[] = [];
  const receipts = new Set<string>();
  let breaks = 0;
  let reloads = 0;
  const call = (method: string, path: string, who: InboxUser, body?: unknown, extra: Record<string, string> = {}) =>
    fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json', ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const cancel = (caseId: string) => {
    const crisisId = crisisOf.get(caseId);
    if (!crisisId) return;
    crisisOf.delete(caseId);
    cancels.push(
      call('POST', `/cases/${caseId}/crises/${crisisId}/cancel`, 'fachkraft', {
        reason: 'Benchmark: Aufgaben sichtbar',
      })
        .then((r) => r.arrayBuffer())
        .catch(() => undefined),
    );
  };
  const complete = new Set<string>();

  const ready: Promise<void>[] = [];
  const streams = INBOX_USERS.map((who) => {
    let inFlight = false;
    let dirty = false;
    let lastPush = 0;
    let markReady: () => void = () => undefined;
    ready.push(new Promise((r) => (markReady = r)));
    const reload = async (pushAt: number) => {
      reloads++;
      const res = await call('GET', '/tasks?status=open', who);
      const body = (await res.json()) as TaskInboxResponse;
      const at = performance.now();
      if (!res.ok) throw new Error(`GET /tasks as ${who}: HTTP ${res.status}`);
      const arrived: InboxTask[] = [];
      for (const t of body.tasks) {
        if (t.kind !== 'crisis_notification') continue;
        recorder?.saw(t.caseId, t.taskId, pushAt, at);
        arrived.push(t);
      }
      // The in-app receipt the web app sends for every open task that reached the inbox, once each.
      for (const t of arrived) {
        const key = `${t.crisisId}/${t.taskId}`;
        if (t.status !== 'open' || receipts.has(key)) continue;
        receipts.add(key);
        void call('POST', `/cases/${t.caseId}/crises/${t.crisisId}/tasks/${t.taskId}/delivery`, who, {
          state: 'delivered',
        })
          .then((r) => r.arrayBuffer())
          .catch(() => undefined);
      }
    };
    const schedule = () => {
      if (inFlight) {
        dirty = true;
        return;
      }
      inFlight = true;
      void reload(lastPush)
        .catch((err: unknown) => log(`reload as ${who} failed: ${String(err)}`))
        .finally(() => {
          inFlight = false;
          if (dirty) {
            dirty = false;
            schedule();
          }
        });
    };
    const onMessage = (m: SseMessage) => {
      if (m.event === 'ready') markReady();
      if (m.event === 'inbox-changed' || m.event === 'ready') {
        lastPush = m.at;
        schedule();
      }
    };
    return keepOpen(
      (signal) => readSse(`${apiUrl}/tasks/stream`, { authorization: `Bearer ${tokens[who]}` }, onMessage, signal),
      stop,
      (err) => {
        breaks++;
        log(`stream of ${who} broke (${String(err)}); reopening`);
      },
    );
  });
  await Promise.all(ready);

  return {
    name: 'hilfenetz',
    streams,
    breaks: () => breaks,
    reloads: () => reloads,
    async prepare(n) {
      const ids = Array.from({ length: n }, () => `BENCH-INBOX-${randomUUID().slice(0, 8)}`);
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < ids.length) {
            const caseId = ids[next++]!;
            const res = await call('POST', '/cases', 'fachkraft', {
              caseId,
              youngPerson: { givenName: 'Jonas', familyName: 'Keller', dateOfBirth: '2010-09-09' },
              careProviderOrganisationId: 'org-traeger-birkenhof',
              guardians: [{ name: 'Anna Keller', relation: 'mother', phone: '+4915112340001' }],
            });
            if (!res.ok) throw new Error(`POST /cases: HTTP ${res.status} ${await res.text()}`);
          }
        }),
      );
      return ids;
    },
    async fire(caseId) {
      const res = await call(
        'POST',
        `/cases/${caseId}/crises`,
        'fachkraft',
        {
          dangerKind: 'others',
          urgency: 'immediate',
          location: 'Wohngruppe Birkenhof, Zimmer 4',
          note: 'Benchmark',
          callbackPhone: '+4915112345678',
        },
        { 'idempotency-key': `bench-${randomUUID()}` },
      );
      if (!res.ok) {
        log(`trigger ${caseId}: HTTP ${res.status} ${await res.text()}`);
        return res.status;
      }
      const { crisisId } = (await res.json()) as { crisisId: string };
      crisisOf.set(caseId, crisisId);
      if (complete.has(caseId)) cancel(caseId);
      return res.status;
    },
    attach(r) {
      recorder = r;
      // Tasks leave the inbox as fast as they come (what acknowledging staff do in a steady state):
      // the crisis is cancelled once all five of its tasks were seen.
      r.onComplete = (caseId) => {
        complete.add(caseId);
        cancel(caseId);
      };
    },
    async stages(r) {
      const ids = [...new Set(r.sights.map((x) => x.triggerId))];
      const c = new Client({ connectionString: databaseUrl, application_name: 'hilfenetz-bench-inbox-stages' });
      await c.connect();
      const { rows } = await c.query<{ stream_id: string; at: string }>(
        `SELECT stream_id, (extract(epoch FROM min(recorded_at)) * 1000)::float8::text AS at
         FROM events WHERE type = 'PartyNotified' AND stream_id = ANY($1) GROUP BY stream_id`,
        [ids.map((id) => `case-${id}`)],
      );
      await c.end();
      // recorded_at is wall time; the sights are performance.now() values of this process.
      const durable = new Map(
        rows.map((x) => [x.stream_id.slice('case-'.length), Number(x.at) - performance.timeOrigin]),
      );
      const toDurable: number[] = [];
      for (const id of ids) {
        const d = durable.get(id);
        const t0 = r.sentAtOf(id);
        if (d !== undefined && t0 !== undefined) toDurable.push(d - t0);
      }
      const durableToPush: number[] = [];
      const pushToShown: number[] = [];
      for (const x of r.sights) {
        const d = durable.get(x.triggerId);
        if (d !== undefined) durableToPush.push(x.pushAt - d);
        pushToShown.push(x.visibleAt - x.pushAt);
      }
      return { toDurable, durableToPush, pushToShown };
    },
    async settle() {
      for (const caseId of [...crisisOf.keys()]) cancel(caseId);
      await Promise.all(cancels.splice(0));
      complete.clear();
    },
  };
}

/** The baseline: the raw path's SSE endpoint, one connection per organisation, the row in the message. */
export async function baselineSide(raw: RawPath, stop: AbortSignal, log: Log): Promise<Side> {
  let recorder: Recorder | null = null;
  const orgs = [...new Set(BASELINE_TASKS.map((t) => t.organisationId))];
  const ready: Promise<void>[] = [];
  for (const org of orgs) {
    let markReady: () => void = () => undefined;
    ready.push(new Promise((r) => (markReady = r)));
    void keepOpen(
      (signal) =>
        readSse(
          `${raw.sseUrl}?org=${encodeURIComponent(org)}`,
          {},
          (m) => {
            if (m.event === 'ready') markReady();
            if (m.event !== 'task') return;
            const row = JSON.parse(m.data) as BaselineRow;
            recorder?.saw(row.trigger_id, row.task_id, m.at, m.at);
          },
          signal,
        ),
      stop,
      (err) => log(`baseline stream of ${org} broke (${String(err)})`),
    );
  }
  await Promise.all(ready);
  return {
    name: 'baseline',
    prepare: async (n) => Array.from({ length: n }, () => randomUUID()),
    async fire(id) {
      try {
        await raw.trigger(id);
        return 201;
      } catch (err) {
        log(`baseline trigger: ${String(err)}`);
        return 0;
      }
    },
    attach(r) {
      recorder = r;
    },
    settle: async () => undefined,
  };
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

/** One open-loop phase: `n` triggers at `rate` per second, then waits for their tasks (at most `drainMs`). */
export async function runPhase(side: Side, rate: number, n: number, drainMs: number): Promise<PhaseResult> {
  const ids = await side.prepare(n);
  const recorder = new Recorder();
  side.attach(recorder);
  const load0 = os.loadavg()[0]!;
  const calls: Promise<void>[] = [];
  const triggerCall: number[] = [];
  let failed = 0;
  let sendLagMax = 0;
  const start = performance.now() + 50;
  for (let i = 0; i < ids.length; i++) {
    const due = start + (i * 1000) / rate;
    await sleepUntil(due);
    const t0 = performance.now();
    sendLagMax = Math.max(sendLagMax, t0 - due);
    recorder.expect(ids[i]!, t0);
    calls.push(
      side.fire(ids[i]!).then((status) => {
        triggerCall.push(performance.now() - t0);
        if (status < 200 || status >= 300) failed++;
      }),
    );
  }
  await Promise.all(calls);
  await recorder.allSeen(drainMs);
  recorder.closed = true;
  const load1 = os.loadavg()[0]!;
  await side.settle();
  const stages = side.stages ? await side.stages(recorder) : undefined;
  return {
    side: side.name,
    rate,
    triggers: n,
    expected: recorder.expected,
    samples: recorder.visible.length,
    missing: recorder.expected - recorder.visible.length,
    failedTriggers: failed,
    visible: recorder.visible,
    push: recorder.push,
    triggerCall,
    sendLagMax,
    load: [load0, load1],
    ...(stages ? { stages } : {}),
  };
}

/**
 * Per rate: `rounds` rounds of `triggers / rounds` triggers per side, the sides alternating (which
 * goes first swaps every round), so drift in the machine's load falls on both.
 */
export async function runRate(
  sides: { hilfenetz: Side; baseline: Side },
  rate: number,
  triggers: number,
  rounds: number,
  log: Log,
): Promise<{ result: RateResult; phases: PhaseResult[] }> {
  const phases: PhaseResult[] = [];
  const per = Math.ceil(triggers / rounds);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [sides.hilfenetz, sides.baseline] : [sides.baseline, sides.hilfenetz];
    for (const side of order) {
      log(`${rate}/s round ${r + 1}/${rounds}: ${side.name}, ${per} triggers`);
      const p = await runPhase(side, rate, per, 30_000);
      log(
        `  ${p.samples}/${p.expected} tasks seen, p50 ${summarize(p.visible).p50.toFixed(0)} ms, p99 ${summarize(p.visible).p99.toFixed(0)} ms, load ${p.load[0].toFixed(2)} → ${p.load[1].toFixed(2)}`,
      );
      phases.push(p);
    }
  }
  const of = (name: Side['name']) => phases.filter((p) => p.side === name);
  const all = (name: Side['name'], k: 'visible' | 'push' | 'triggerCall') => of(name).flatMap((p) => p[k]);
  const s = summarize(all('hilfenetz', 'visible'));
  const b = summarize(all('baseline', 'visible'));
  const sum = (name: Side['name'], k: 'missing' | 'failedTriggers' | 'triggers' | 'expected') =>
    of(name).reduce((a, p) => a + p[k], 0);
  const loads = phases.flatMap((p) => p.load);
  return {
    phases,
    result: {
      rate,
      hilfenetz: {
        visible: s,
        push: summarize(all('hilfenetz', 'push')),
        triggerCall: summarize(all('hilfenetz', 'triggerCall')),
        stages: {
          toDurable: summarize(of('hilfenetz').flatMap((p) => p.stages?.toDurable ?? [])),
          durableToPush: summarize(of('hilfenetz').flatMap((p) => p.stages?.durableToPush ?? [])),
          pushToShown: summarize(of('hilfenetz').flatMap((p) => p.stages?.pushToShown ?? [])),
        },
      },
      baseline: { visible: b, triggerCall: summarize(all('baseline', 'triggerCall')) },
      missing: { hilfenetz: sum('hilfenetz', 'missing'), baseline: sum('baseline', 'missing') },
      triggers: { hilfenetz: sum('hilfenetz', 'triggers'), baseline: sum('baseline', 'triggers') },
      expected: { hilfenetz: sum('hilfenetz', 'expected'), baseline: sum('baseline', 'expected') },
      failedTriggers: { hilfenetz: sum('hilfenetz', 'failedTriggers'), baseline: sum('baseline', 'failedTriggers') },
      sendLagMaxMs: Math.max(...phases.map((p) => p.sendLagMax)),
      ratio: { p50: s.p50 / b.p50, p90: s.p90 / b.p90, p99: s.p99 / b.p99, max: s.max / b.max },
      load: { min: Math.min(...loads), max: Math.max(...loads) },
    },
  };
}
