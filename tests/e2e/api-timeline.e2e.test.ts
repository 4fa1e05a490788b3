import type { TimelineExport, TimelinePage } from '@hilfenetz/contracts';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { aCrisisTriggered, eventually, lindenauCaseId, openDataSource, testEnv, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

interface Problem {
  status: number;
  errors?: { field: string; reason: string }[];
}

describe('case timeline: pages, filters, SLA figures, chain check, export', () => {
  let caseworker: string;
  let supervisor: string;
  let ds: DataSource;
  let caseId: string;

  const get = (path: string, token = supervisor) =>
    fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const page = async (query: string): Promise<TimelinePage> => {
    const res = await get(`/cases/${caseId}/timeline${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as TimelinePage;
  };

  /** A registered case with a legal hold and two crises: four events in its stream. */
  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    supervisor = await tokenFor(stack.issuer, 'leitung');
    ds = await openDataSource(stack.databaseUrl, 2);
    caseId = lindenauCaseId(`FALL-TL-${randomUUID().slice(0, 8)}`);
    const post = (path: string, token: string, body: unknown) =>
      fetch(`${stack.apiUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const youngPerson = { givenName: 'Lea', familyName: 'Brockhage', dateOfBirth: '2012-01-30' };
    expect((await post('/cases', caseworker, { caseId, youngPerson })).status).toBe(201);
    expect((await post(`/cases/${caseId}/legal-hold`, supervisor, { reason: 'Aufbewahrung §9b' })).status).toBe(204);
    // Crisis events straight into the store: this test is about reading the timeline, not the workflow.
    const store = new PostgresEventStore(ds);
    await store.append(`case-${caseId}`, [aCrisisTriggered(caseId)]);
    await store.append(`case-${caseId}`, [aCrisisTriggered(caseId)]);
    await eventually(async () => ((await page('')).entries.length === 4 ? true : undefined), {
      what: 'four events in the timeline',
      timeoutMs: 45_000,
    });
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('pages through the timeline oldest first with an opaque cursor, without gaps or repeats', async () => {
    const first = await page('?limit=3');
    expect(first.entries.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect(first.page).toEqual({ limit: 3, nextCursor: expect.any(String) });
    const second = await page(`?limit=3&cursor=${first.page.nextCursor}`);
    expect(second.entries.map((e) => e.streamVersion)).toEqual([4]);
    expect(second.page.nextCursor).toBeNull();
  });

  it('filters by event type, party and time range', async () => {
    const crises = await page('?type=CrisisTriggered');
    expect(crises.entries.map((e) => e.type)).toEqual(['CrisisTriggered', 'CrisisTriggered']);
    const two = await page('?type=CaseRegistered,LegalHoldPlaced');
    expect(two.entries.map((e) => e.type)).toEqual(['CaseRegistered', 'LegalHoldPlaced']);
    expect((await page('?party=clinic')).entries).toEqual([]);

    const all = (await page('')).entries.map((e) => e.eventId);
    const third = (await page('')).entries[2]!;
    const ids = async (q: string) => (await page(q)).entries.map((e) => e.eventId);
    const before = await ids(`?to=${encodeURIComponent(third.occurredAt)}`);
    expect(before).toEqual(expect.arrayContaining([all[0], all[1]]));
    expect(before).not.toContain(third.eventId);
    const since = await ids(`?from=${encodeURIComponent(third.occurredAt)}`);
    expect(since).toContain(third.eventId);
    expect(since).not.toContain(all[0]);
    expect(since).not.toContain(all[1]);
  });

  it.each([
    ['?limit=0', 'query.limit'],
    ['?limit=many', 'query.limit'],
    ['?type=Unbekannt', 'query.type'],
    ['?from=gestern', 'query.from'],
    ['?from=2026-11-25T10:00:00Z&to=2026-11-25T09:00:00Z', 'query.to'],
    ['?cursor=bm9wZQ', 'query.cursor'],
    ['?sort=desc', 'query'],
  ])('answers %s with a problem naming %s', async (query, field) => {
    const res = await get(`/cases/${caseId}/timeline${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
  });

  it('reports the hash chain check and SLA figures over the whole case', async () => {
    const t = await page('?limit=1');
    expect(t.integrity).toMatchObject({ ok: true, events: 4 });
    // No crisis task in this case yet: no figures, but the section is there.
    expect(t.sla).toEqual({ parties: [], tasks: [] });
  });

  it('names the first changed event when someone edited the log behind the application’s back', async () => {
    const adminUrl = testEnv().adminUrl.replace(/\/([^/?]+)(\?|$)/, '/$1_e2e$2');
    const admin = await openDataSource(adminUrl, 1);
    const tampered = `FALL-TLX-${randomUUID().slice(0, 8)}`;
    try {
      const store = new PostgresEventStore(ds);
      await store.append(`case-${tampered}`, [aCrisisTriggered(tampered)]);
      await store.append(`case-${tampered}`, [aCrisisTriggered(tampered)]);
      await admin.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(
          `UPDATE events SET data = jsonb_set(data, '{urgency}', '"soon"') WHERE stream_id = $1 AND stream_version = 2`,
          [`case-${tampered}`],
        );
      });
    } finally {
      await admin.destroy();
    }
    const res = await get(`/cases/${tampered}/timeline`, caseworker);
    expect(res.status).toBe(200);
    expect(((await res.json()) as TimelinePage).integrity).toMatchObject({
      ok: false,
      streamVersion: 2,
      reason: 'content_changed',
    });
  });

  it('exports the timeline as CSV with a header row, and as JSON', async () => {
    const csv = await get(`/cases/${caseId}/timeline/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    // The stored id, office and reference (docs/adr/0024).
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="timeline-${caseId}.csv"`);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'position,streamVersion,occurredAt,type,party,actorId,actorRole,actorOrganisationId,actorName,actorOrganisationName,data',
    );
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual([
      'CaseRegistered',
      'LegalHoldPlaced',
      'CrisisTriggered',
      'CrisisTriggered',
    ]);
    expect(lines.join('\n')).not.toContain('Brockhage');

    const json = await get(`/cases/${caseId}/timeline/export?format=json&type=LegalHoldPlaced`);
    expect(json.status).toBe(200);
    const body = (await json.json()) as TimelineExport;
    expect(body.entries.map((e) => e.type)).toEqual(['LegalHoldPlaced']);
    expect(body.integrity.ok).toBe(true);

    const bad = await get(`/cases/${caseId}/timeline/export?format=xlsx`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).errors?.[0]?.field).toBe('query.format');

    // Exports are reads of case data like any other: both are in the access log.
    const logged: unknown[] = await ds.query(
      `SELECT 1 FROM case_access_log WHERE case_id = $1 AND resource = 'timeline_export'`,
      [caseId],
    );
    expect(logged).toHaveLength(2);
  });
});
