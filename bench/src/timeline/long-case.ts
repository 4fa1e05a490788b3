import type { NewEvent, StoredEvent } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

export type Call = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response>;

/** Polls `check` until it answers true, at most `ms`. */
async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function count(databaseUrl: string, sql: string, params: unknown[]): Promise<number> {
  const c = new Client({ connectionString: databaseUrl, application_name: 'hilfenetz-bench-timeline' });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>(sql, params);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

/**
 * A case with `events` events in its stream, the way years of a case would hold them: one real
 * crisis run through the system (registered, triggered, its five parties notified, cancelled),
 * then that crisis's events appended again and again through the store under new event and
 * crisis ids until the stream is long enough. Every copy goes through the store's append (hash
 * chain, validation against the registry), the relay and the projector, like a real event; sealed
 * fields stay sealed under the case's own key. Returns the case id once the timeline projection
 * holds every event.
 */
export async function buildLongCase(opts: {
  call: Call;
  databaseUrl: string;
  store: PostgresEventStore;
  events: number;
  log: (m: string) => void;
}): Promise<{ caseId: string; templateEvents: number; copies: number; streamVersion: number }> {
  const { call, databaseUrl, store, log } = opts;
  const reference = `BENCH-TL-${randomUUID().slice(0, 8)}`;
  const registered = await call('POST', '/cases', {
    caseId: reference,
    youngPerson: { givenName: 'Jonas', familyName: 'Keller', dateOfBirth: '2010-09-09' },
    careProviderOrganisationId: 'org-traeger-birkenhof',
    guardians: [{ name: 'Anna Keller', relation: 'mother', phone: '+4915112340001' }],
  });
  if (!registered.ok) throw new Error(`POST /cases: HTTP ${registered.status} ${await registered.text()}`);
  const { caseId } = (await registered.json()) as { caseId: string };
  const stream = caseStreamId(caseId);
  const triggered = await call(
    'POST',
    `/cases/${caseId}/crises`,
    {
      dangerKind: 'others',
      urgency: 'immediate',
      location: 'Wohngruppe Birkenhof, Zimmer 4',
      note: 'Benchmark: lange Zeitleiste',
      callbackPhone: '+4915112345678',
    },
    { 'idempotency-key': `bench-${randomUUID()}` },
  );
  if (!triggered.ok) throw new Error(`trigger: HTTP ${triggered.status} ${await triggered.text()}`);
  const { crisisId } = (await triggered.json()) as { crisisId: string };
  await until('five PartyNotified', 120_000, async () => {
    const n = await count(
      databaseUrl,
      `SELECT count(*) AS n FROM events WHERE stream_id = $1 AND type = 'PartyNotified'`,
      [stream],
    );
    return n >= 5;
  });
  const cancelled = await call('POST', `/cases/${caseId}/crises/${crisisId}/cancel`, {
    reason: 'Benchmark: lange Zeitleiste',
  });
  if (!cancelled.ok) throw new Error(`cancel: HTTP ${cancelled.status} ${await cancelled.text()}`);
  await until('the crisis to close', 120_000, async () => {
    const n = await count(
      databaseUrl,
      `SELECT count(*) AS n FROM events WHERE stream_id = $1 AND type = 'CrisisCancelled'`,
      [stream],
    );
    return n >= 1;
  });
  // Late receipts and escalations of the cancelled crisis may still arrive: let the stream settle.
  await sleep(3_000);
  const stored = await store.readStream(stream);
  const firstCrisisEvent = stored.findIndex((e) => e.type === 'CrisisTriggered');
  const template = stored.slice(firstCrisisEvent);
  log(`template crisis ${crisisId}: ${template.length} events (${stored.length} in the stream)`);

  let version = stored[stored.length - 1]!.streamVersion;
  let copies = 0;
  while (version < opts.events) {
    copies++;
    const copyId = `${crisisId}-k${copies}`;
    const batch = template.slice(0, opts.events - version).map((e) => copyOf(e, crisisId, copyId));
    for (let i = 0; i < batch.length; i += 100) {
      const r = await store.append(stream, batch.slice(i, i + 100), version);
      version = r.streamVersion;
    }
    if (copies % 50 === 0) log(`${version} events in the stream`);
  }
  await until(`the timeline projection to hold ${version} events`, 600_000, async () => {
    const n = await count(databaseUrl, `SELECT count(*) AS n FROM timeline_entries WHERE case_id = $1`, [caseId]);
    return n >= version;
  });
  return { caseId, templateEvents: template.length, copies, streamVersion: version };
}

/** The same event under a new id, its crisis (and the workflow and task ids derived from it) renamed. */
function copyOf(e: StoredEvent, crisisId: string, copyId: string): NewEvent {
  const rename = <T>(x: T): T => JSON.parse(JSON.stringify(x).replaceAll(crisisId, copyId)) as T;
  return {
    eventId: randomUUID(),
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: rename(e.data),
    metadata: { ...rename(e.metadata), correlationId: randomUUID() },
  };
}
