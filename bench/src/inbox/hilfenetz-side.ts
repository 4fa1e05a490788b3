import type { InboxTask, TaskInboxResponse } from '@hilfenetz/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { keepOpen, readSse, type SseMessage } from './sse-client';
import { INBOX_USERS, type InboxUser, Recorder, type Side, type Log } from './inbox-side';

/** hilfenetz: real users, real endpoints, four open inboxes that reload on every push, as the web app. */
export async function hilfenetzSide(
  apiUrl: string,
  databaseUrl: string,
  tokens: Record<InboxUser, string>,
  stop: AbortSignal,
  log: Log,
): Promise<
  Side & { streams: Promise<void>[]; breaks: () => number; reloads: () => number; retriedTriggers: () => number }
> {
  let recorder: Recorder | null = null;
  const crisisOf = new Map<string, string>();
  const cancels: Promise<unknown>[] = [];
  const receipts = new Set<string>();
  let breaks = 0;
  /** Trigger attempts sent again after a 503 (write admission). */
  let retriedTriggers = 0;
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
    retriedTriggers: () => retriedTriggers,
    async prepare(n) {
      const references = Array.from({ length: n }, () => `BENCH-INBOX-${randomUUID().slice(0, 8)}`);
      // The stored ids, scoped by the office (`<office>.<reference>`, docs/adr/0024): what the
      // inbox's tasks carry and what the trigger goes to.
      const ids: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < references.length) {
            const i = next++;
            const res = await call('POST', '/cases', 'fachkraft', {
              caseId: references[i]!,
              youngPerson: { givenName: 'Jonas', familyName: 'Keller', dateOfBirth: '2010-09-09' },
              careProviderOrganisationId: 'org-traeger-birkenhof',
              guardians: [{ name: 'Anna Keller', relation: 'mother', phone: '+4915112340001' }],
            });
            if (!res.ok) throw new Error(`POST /cases: HTTP ${res.status} ${await res.text()}`);
            ids[i] = ((await res.json()) as { caseId: string }).caseId;
          }
        }),
      );
      return ids;
    },
    async fire(caseId) {
      // As the web app does: a trigger turned away while the API is busy (503, write admission) is
      // sent again after its Retry-After with the same key, for at most 30 s; the task's time is
      // still counted from the first send.
      const key = `bench-${randomUUID()}`;
      const giveUpAt = Date.now() + 30_000;
      let res: Response;
      for (;;) {
        res = await call(
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
          { 'idempotency-key': key },
        );
        const waitMs = Number(res.headers.get('retry-after') ?? '1') * 1000;
        if (res.status !== 503 || Date.now() + waitMs > giveUpAt) break;
        retriedTriggers += 1;
        await res.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
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
