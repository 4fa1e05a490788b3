import type { InboxTask, KkgFeedbackLiveState, TaskInboxResponse } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { expectProblem } from './attacks/attack-support';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

async function call(method: string, path: string, token: string, body?: unknown) {
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(method === 'GET' ? {} : { 'content-type': 'application/json', 'idempotency-key': `key-${randomUUID()}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The caller's inbox for the case; `status` as the API takes it (open by default, all, closed). */
async function inbox(token: string, caseId: string, status = 'open'): Promise<InboxTask[]> {
  const res = await call('GET', `/tasks?caseId=${encodeURIComponent(caseId)}&status=${status}`, token);
  return ((await res.json()) as TaskInboxResponse).tasks;
}

/**
 * §4 (4) KKG, the reporter's side (issue 18 part 2, ADR 0041): the clinic reads the youth office's
 * feedback in its inbox and takes note of it ("zur Kenntnis genommen"); the entry leaves the open
 * list. Only the reporting organisation may, only once there is feedback; a second note records
 * nothing; the note is in the case's access log.
 */
describe('the reporter takes note of the §4 KKG feedback', () => {
  const t: Record<string, string> = {};
  let ds: DataSource;

  beforeAll(async () => {
    for (const u of ['fachkraft', 'klinik', 'klinik-nord', 'traeger']) t[u] = await tokenFor(stack.issuer, u);
    ds = await openDataSource(stack.databaseUrl, 1);
  });
  afterAll(() => ds?.destroy());

  it('the clinic takes note; its entry closes; no one else may, nor before the feedback; nothing twice', async () => {
    const caseId = lindenauCaseId(`FALL-KKGA-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Mia', familyName: 'Kenntnis', dateOfBirth: '2014-01-02' };
    expect((await call('POST', '/cases', t.fachkraft!, { caseId, youngPerson })).status).toBe(201);
    const reported = await call('POST', `/cases/${caseId}/kkg-reports`, t.klinik!, {
      profession: 'clinic',
      concern: 'Wiederholt Hämatome am Oberarm, Erklärung passt nicht',
    });
    expect(reported.status).toBe(201);
    const report = (await reported.json()) as KkgFeedbackLiveState;
    const path = `/cases/${caseId}/kkg-reports/${report.reportId}/acknowledgement`;
    const notes = async () =>
      Number(
        (
          (await ds.query(
            `SELECT count(*) AS n FROM events WHERE type = 'KkgFeedbackAcknowledged' AND data->>'reportId' = $1`,
            [report.reportId],
          )) as { n: string }[]
        )[0]?.n,
      );

    // Nothing to take note of before the youth office answered: 409, nothing stored.
    await expectProblem(await call('POST', path, t.klinik!), 409);
    expect(await notes()).toBe(0);

    const given = await call('POST', `/cases/${caseId}/kkg-reports/${report.reportId}/feedback`, t.fachkraft!, {
      riskConfirmed: true,
      acting: true,
    });
    expect(given.status).toBe(200);
    const [received] = await eventually(
      async () => {
        const tasks = await inbox(t.klinik!, caseId);
        return tasks.length > 0 ? tasks : undefined;
      },
      { what: 'the feedback in the clinic’s inbox', timeoutMs: 45_000 },
    );
    expect(received).toMatchObject({ kind: 'kkg_feedback_received', status: 'open' });

    // Another clinic learns nothing (as for an unknown report); the youth office and a Träger may not.
    expect((await call('POST', path, t['klinik-nord']!)).status).toBe(404);
    expect((await call('POST', path, t.fachkraft!)).status).toBe(403);
    expect([403, 404]).toContain((await call('POST', path, t.traeger!)).status);
    expect(await notes()).toBe(0);

    const noted = await call('POST', path, t.klinik!);
    expect(noted.status).toBe(200);
    const first = (await noted.json()) as { reportId: string; acknowledgedAt: string };
    expect(first.reportId).toBe(report.reportId);
    // Again: the first note answers, nothing new is recorded.
    const again = await call('POST', path, t.klinik!);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { acknowledgedAt: string }).acknowledgedAt).toBe(first.acknowledgedAt);
    expect(await notes()).toBe(1);
    // The event carries no free text; the note is in the case's access log.
    const [event]: { data: Record<string, unknown>; stream_id: string }[] = await ds.query(
      `SELECT data, stream_id FROM events WHERE type = 'KkgFeedbackAcknowledged' AND data->>'reportId' = $1`,
      [report.reportId],
    );
    expect(Object.keys(event!.data).sort()).toEqual(
      ['acknowledgedAt', 'acknowledgedBy', 'caseId', 'reportId', 'reporterOrganisationId'].sort(),
    );
    expect(event!.stream_id).toBe(`kkg-acknowledgements-${caseId}`);
    const logged: { user_role: string; organisation_id: string }[] = await ds.query(
      `SELECT user_role, organisation_id FROM case_access_log WHERE case_id = $1 AND resource = 'kkg_report'`,
      [caseId],
    );
    expect(logged).toContainEqual({ user_role: 'clinic_staff', organisation_id: 'org-kjp-st-marien' });

    // The entry leaves the clinic's open list: closed, with who and when.
    const closed = await eventually(
      async () => {
        const tasks = await inbox(t.klinik!, caseId, 'all');
        return tasks[0]?.status === 'closed' ? tasks : undefined;
      },
      { what: 'the clinic’s entry closed', timeoutMs: 45_000 },
    );
    expect(closed[0]).toMatchObject({ kind: 'kkg_feedback_received', acknowledgedAt: first.acknowledgedAt });
    expect(await inbox(t.klinik!, caseId)).toEqual([]);
  });
});
