import type { Lagebild, TimelineEntryDto, TimelineResponse } from '@hilfenetz/contracts';
import { TOPICS, topicName } from '@hilfenetz/event-bus';
import { collectFromTopic, eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from '../support/e2e-stack';
import { call } from './attack-support';

const stack = e2eStack();
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();

/** The text of an uncompressed pdfkit PDF (see api-pdf-timeline.e2e.test.ts). */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    const hex = [...(m[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '').join('');
    lines.push(Buffer.from(hex, 'hex').toString('latin1'));
  }
  return lines.join('');
}

/** Each free-text field, the event that carries it and the field's name there. */
const FIELDS = [
  ['decline', 'TaskDeclined', 'reason'],
  ['cancel', 'CrisisCancelled', 'reason'],
  ['invitation', 'InvitationAnswered', 'reason'],
  ['review', 'ReviewRequested', 'reason'],
  ['end', 'HelpEnded', 'note'],
] as const;

/**
 * Issue 13, finding 4: free text (reasons, notes) sat in clear in the append-only log, the
 * timeline, CSV and PDF, and survived the young person's erasure. Someone with read access to the
 * database (a backup, an operator, the app role) read what a Träger wrote about a child; after an
 * erasure under Art. 17 DSGVO the reasons still named the family. Now every free-text field is
 * sealed under the young person's key before it leaves the API and reads "gelöscht" after erasure.
 */
describe('attack: reading free text out of the log, and after an erasure', () => {
  const tag = randomUUID().slice(0, 8);
  const text = (what: string) => `Geheim ${what} ${tag}: Mila wohnt bei der Tante`;
  // The case references must not carry the marker: they are pseudonymous and stay in clear.
  const ref = randomUUID().slice(0, 8);
  const caseId = lindenauCaseId(`FALL-FT-${ref}`);
  const heldCaseId = lindenauCaseId(`FALL-FTH-${ref}`);
  let db: DataSource;
  let caseworker: string;
  let provider: string;
  let clinic: string;
  let supervisor: string;
  let admin: string;
  let crisisId: string;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    provider = await tokenFor(stack.issuer, 'traeger');
    clinic = await tokenFor(stack.issuer, 'klinik');
    supervisor = await tokenFor(stack.issuer, 'leitung');
    admin = await tokenFor(stack.issuer, 'admin');
    db = await openDataSource(stack.databaseUrl, 1);
  });
  afterAll(() => db?.destroy());

  const timeline = async (id: string): Promise<TimelineEntryDto[]> =>
    (
      (await (
        await call(stack.apiUrl, 'GET', `/cases/${id}/timeline?limit=500`, supervisor)
      ).json()) as TimelineResponse
    ).entries;
  const shown = (entries: TimelineEntryDto[], type: string, field: string) =>
    entries.filter((e) => e.type === type).map((e) => e.data[field]);
  const exported = async (id: string, format: 'csv' | 'pdf'): Promise<string> => {
    const res = await call(stack.apiUrl, 'GET', `/cases/${id}/timeline/export?format=${format}`, supervisor);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    return format === 'pdf' ? pdfText(body) : body.toString('utf8');
  };
  const lagebildLog = async () => {
    const res = await call(
      stack.apiUrl,
      'GET',
      `/cases/${caseId}/crises/${crisisId}/lagebild?audience=supervisor`,
      supervisor,
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as Lagebild).actions.log;
  };

  it('every free-text field goes in through the API; the log holds none of it in clear', async () => {
    const registered = await call(stack.apiUrl, 'POST', '/cases', caseworker, {
      caseId,
      youngPerson: { givenName: 'Mila', familyName: 'Freitext', dateOfBirth: '2011-06-07' },
      careProviderOrganisationId: 'org-traeger-birkenhof',
    });
    expect(registered.status).toBe(201);

    // The crisis: the Träger declines its task, the caseworker cancels.
    const triggered = await call(stack.apiUrl, 'POST', `/cases/${caseId}/crises`, caseworker, {
      dangerKind: 'self',
      urgency: 'immediate',
    });
    expect(triggered.status).toBe(201);
    crisisId = ((await triggered.json()) as { crisisId: string }).crisisId;
    const base = `/cases/${caseId}/crises/${crisisId}`;
    await eventually(
      async () => {
        const board = (await (await call(stack.apiUrl, 'GET', base, caseworker)).json()) as {
          tasks?: { taskId: string }[];
        };
        return board.tasks?.some((t) => t.taskId === 'task-provider') ? true : undefined;
      },
      { what: 'the provider task', timeoutMs: 45_000 },
    );
    const declined = await call(stack.apiUrl, 'POST', `${base}/tasks/task-provider/decline`, provider, {
      reason: text('decline'),
    });
    expect(declined.status).toBe(200);
    const cancelled = await call(stack.apiUrl, 'POST', `${base}/cancel`, caseworker, { reason: text('cancel') });
    expect(cancelled.status).toBe(202);

    // The Hilfeplanung: a declined invitation, a review request, the end with a note.
    const hp = `/cases/${caseId}/hilfeplanung`;
    expect(
      (await call(stack.apiUrl, 'POST', hp, caseworker, { clinicOrganisationId: 'org-kjp-st-marien' })).status,
    ).toBe(201);
    expect((await call(stack.apiUrl, 'POST', `${hp}/meeting`, caseworker, { meetingAt: inDays(7) })).status).toBe(200);
    const answered = await call(stack.apiUrl, 'POST', `${hp}/invitations`, clinic, {
      party: 'clinic',
      answer: 'declined',
      reason: text('invitation'),
    });
    expect(answered.status).toBe(200);
    const plan = await call(stack.apiUrl, 'POST', `${hp}/plan`, caseworker, {
      heldAt: new Date().toISOString(),
      participants: ['young_person', 'youth_office'],
      youngPersonView: 'Ich möchte zurück.',
      goals: [{ text: 'Schule' }],
      measures: [],
      nextReviewAt: inDays(120),
    });
    expect(plan.status).toBe(200);
    const review = await call(stack.apiUrl, 'POST', `${hp}/review-requests`, clinic, { reason: text('review') });
    expect(review.status).toBe(202);
    await eventually(
      async () => (shown(await timeline(caseId), 'ReviewRequested', 'reason').length ? true : undefined),
      { what: 'ReviewRequested in the timeline', timeoutMs: 45_000 },
    );
    const ended = await call(stack.apiUrl, 'POST', `${hp}/end`, caseworker, { reason: 'other', note: text('end') });
    expect(ended.status).toBe(200);

    // The legal hold on a case of its own (a hold blocks the erasure the test performs below).
    expect(
      (
        await call(stack.apiUrl, 'POST', '/cases', caseworker, {
          caseId: heldCaseId,
          youngPerson: { givenName: 'Ben', familyName: 'Gehalten', dateOfBirth: '2010-01-02' },
        })
      ).status,
    ).toBe(201);
    const held = await call(stack.apiUrl, 'POST', `/cases/${heldCaseId}/legal-hold`, supervisor, {
      reason: text('hold'),
    });
    expect(held.status).toBe(204);

    // The attacker's view: the rows as stored, and the hold table.
    const rows: { type: string; raw: string }[] = await db.query(
      `SELECT type, data::text AS raw FROM events WHERE stream_id = ANY($1::text[])`,
      [[`case-${caseId}`, `case-${heldCaseId}`]],
    );
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        'TaskDeclined',
        'CrisisCancelled',
        'InvitationAnswered',
        'ReviewRequested',
        'HelpEnded',
        'LegalHoldPlaced',
      ]),
    );
    for (const r of rows)
      expect({ type: r.type, raw: r.raw }).toEqual({ type: r.type, raw: expect.not.stringContaining(tag) });
    for (const [, type, field] of FIELDS) {
      const row = rows.find((r) => r.type === type)!;
      expect((JSON.parse(row.raw) as Record<string, unknown>)[field]).toMatchObject({ $sealed: 'A256GCM' });
    }
    const holds: { reason: string }[] = await db
      .query(`SELECT reason FROM legal_holds WHERE case_id = $1`, [heldCaseId])
      .catch(() => []);
    for (const h of holds) expect(h.reason).not.toContain(tag);
  });

  it('on the broker the fields stay sealed inside the transport encryption', async () => {
    const topic = topicName(stack.topicPrefix, TOPICS.caseEvents);
    const ours = (m: { key: string }) => m.key === `case-${caseId}`;
    const opened = (
      await collectFromTopic(
        stack.kafkaBrokers,
        topic,
        (ms) => ms.some((m) => ours(m) && m.headers['event-type'] === 'HelpEnded'),
        45_000,
      )
    ).filter(ours);
    for (const [, type, field] of FIELDS) {
      const m = opened.find((x) => x.headers['event-type'] === type)!;
      expect(m).toBeDefined();
      expect((JSON.parse(m.value) as { data: Record<string, unknown> }).data[field]).toMatchObject({
        $sealed: 'A256GCM',
      });
      expect(m.value).not.toContain(tag);
    }
  });

  it('the supervisor reads the text in the timeline, CSV, PDF and Lagebild', async () => {
    const entries = await eventually(
      async () => {
        const e = await timeline(caseId);
        return FIELDS.every(([, type]) => e.some((x) => x.type === type)) ? e : undefined;
      },
      { what: 'every free-text event in the timeline', timeoutMs: 45_000 },
    );
    for (const [what, type, field] of FIELDS) expect(shown(entries, type, field)).toContain(text(what));
    const heldEntries = await eventually(
      async () => {
        const e = await timeline(heldCaseId);
        return e.some((x) => x.type === 'LegalHoldPlaced') ? e : undefined;
      },
      { what: 'LegalHoldPlaced in the timeline', timeoutMs: 45_000 },
    );
    expect(shown(heldEntries, 'LegalHoldPlaced', 'reason')).toEqual([text('hold')]);

    const csv = await exported(caseId, 'csv');
    const pdf = await exported(caseId, 'pdf');
    for (const [what] of FIELDS) expect(csv).toContain(text(what));
    expect(pdf).toContain(tag);
    expect(await exported(heldCaseId, 'csv')).toContain(text('hold'));
    const reasons = (await lagebildLog()).flatMap((a) => (a.reason ? [a.reason] : []));
    expect(reasons).toEqual(expect.arrayContaining([text('decline'), text('cancel')]));
  });

  it('after the erasure every read path shows "gelöscht", the erasure reason too', async () => {
    const erased = await call(stack.apiUrl, 'POST', `/cases/${caseId}/erasure`, admin, { reason: text('erasure') });
    expect(erased.status).toBe(204);
    const erasureRow: { raw: string }[] = await db.query(
      `SELECT data::text AS raw FROM events WHERE stream_id = $1 AND type = 'DataSubjectErased'`,
      [`case-${caseId}`],
    );
    expect(erasureRow).toHaveLength(1);
    expect(erasureRow[0]!.raw).not.toContain(tag);
    expect(JSON.parse(erasureRow[0]!.raw)).toMatchObject({ reason: { $sealed: 'A256GCM' } });

    const entries = await eventually(
      async () => {
        const e = await timeline(caseId);
        return e.some((x) => x.type === 'DataSubjectErased') ? e : undefined;
      },
      { what: 'DataSubjectErased in the timeline', timeoutMs: 45_000 },
    );
    for (const [, type, field] of FIELDS) expect(shown(entries, type, field)).toEqual(['gelöscht']);
    expect(shown(entries, 'DataSubjectErased', 'reason')).toEqual(['gelöscht']);
    expect(JSON.stringify(entries)).not.toContain(tag);

    const csv = await exported(caseId, 'csv');
    expect(csv).not.toContain(tag);
    expect(csv).toContain('gelöscht');
    const pdf = await exported(caseId, 'pdf');
    expect(pdf).not.toContain(tag);
    expect(pdf).toContain('gelöscht');
    const log = await lagebildLog();
    expect(JSON.stringify(log)).not.toContain(tag);
    expect(log.flatMap((a) => (a.reason ? [a.reason] : []))).toEqual(['gelöscht', 'gelöscht']);

    // Free text given after the erasure is not kept at all.
    const late = await call(stack.apiUrl, 'POST', `/cases/${caseId}/hilfeplanung/review-requests`, clinic, {
      reason: text('late'),
    });
    expect([202, 404, 409]).toContain(late.status);
    const all: { raw: string }[] = await db.query(`SELECT data::text AS raw FROM events WHERE stream_id = $1`, [
      `case-${caseId}`,
    ]);
    for (const r of all) expect(r.raw).not.toContain(tag);
  });
});
