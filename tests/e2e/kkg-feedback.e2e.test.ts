import type { KkgFeedbackLiveState, TimelineResponse } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

async function call(method: string, path: string, token: string, body?: unknown) {
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const CONCERN = 'Bei der Aufnahme Striemen am Rücken, Kind schweigt dazu';

/** §4 KKG through HTTP with real tokens: the clinic reports, the youth office answers, the clinic reads it. */
describe('§4 KKG report and feedback through the API', () => {
  let caseworker: string;
  let clinic: string;
  let otherClinic: string;
  let ds: DataSource;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    clinic = await tokenFor(stack.issuer, 'klinik');
    otherClinic = await tokenFor(stack.issuer, 'klinik-nord');
    ds = await openDataSource(stack.databaseUrl, 1);
  });
  afterAll(() => ds?.destroy());

  it('the clinic reports in the app; the youth office gives the two answers; the clinic reads them, no details', async () => {
    const caseId = lindenauCaseId(`FALL-KKG-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Tom', familyName: 'Meldefall', dateOfBirth: '2014-09-09' };
    expect((await call('POST', '/cases', caseworker, { caseId, youngPerson })).status).toBe(201);
    const base = `/cases/${caseId}/kkg-reports`;

    const noConcern = await call('POST', base, clinic, { profession: 'clinic' });
    expect(noConcern.status).toBe(400);
    expect(((await noConcern.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('body.concern');

    const reported = await call('POST', base, clinic, { profession: 'clinic', concern: CONCERN });
    expect(reported.status).toBe(201);
    const report = (await reported.json()) as KkgFeedbackLiveState;
    expect(report).toMatchObject({
      status: 'awaiting_feedback',
      channel: 'app',
      reporter: { organisationId: 'org-kjp-st-marien', profession: 'clinic' },
      feedback: null,
    });
    expect(Date.parse(report.feedbackDueAt) - Date.parse(report.receivedAt)).toBe(14 * 86_400_000);

    // The answer is two booleans, nothing more; the clinic cannot answer itself.
    const tooMuch = await call('POST', `${base}/${report.reportId}/feedback`, caseworker, {
      riskConfirmed: true,
      acting: true,
      details: 'Inobhutnahme erfolgt',
    });
    expect(tooMuch.status).toBe(400);
    expect(
      (await call('POST', `${base}/${report.reportId}/feedback`, clinic, { riskConfirmed: true, acting: true })).status,
    ).toBe(403);
    const given = await call('POST', `${base}/${report.reportId}/feedback`, caseworker, {
      riskConfirmed: true,
      acting: true,
    });
    expect(given.status).toBe(200);
    expect(((await given.json()) as KkgFeedbackLiveState).status).toBe('given');
    const again = await call('POST', `${base}/${report.reportId}/feedback`, caseworker, {
      riskConfirmed: false,
      acting: false,
    });
    expect(again.status).toBe(409);

    // The clinic reads its report's feedback; another clinic learns nothing (404 as for an unknown case).
    const read = (await (await call('GET', base, clinic)).json()) as { items: KkgFeedbackLiveState[] };
    expect(read.items).toHaveLength(1);
    expect(read.items[0]).toMatchObject({ status: 'given', feedback: { riskConfirmed: true, acting: true } });
    expect(JSON.stringify(read)).not.toContain('Striemen');
    expect((await call('GET', base, otherClinic)).status).toBe(404);

    const timeline = await eventually(
      async () => {
        const t = (await (await call('GET', `/cases/${caseId}/timeline`, caseworker)).json()) as TimelineResponse;
        return t.entries.some((e) => e.type === 'KkgFeedbackGiven') ? t : undefined;
      },
      { timeoutMs: 45_000, what: 'KkgFeedbackGiven in the timeline' },
    );
    expect(JSON.stringify(timeline)).not.toContain('Striemen');
    const stored = JSON.stringify(await ds.query(`SELECT data FROM events WHERE stream_id = $1`, [`case-${caseId}`]));
    expect(stored).not.toContain('Striemen');
  });

  it('the youth office records a phone report naming the reporter', async () => {
    const caseId = lindenauCaseId(`FALL-KKG-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Ida', familyName: 'Anruf', dateOfBirth: '2013-01-01' };
    expect((await call('POST', '/cases', caseworker, { caseId, youngPerson })).status).toBe(201);
    const res = await call('POST', `/cases/${caseId}/kkg-reports`, caseworker, {
      profession: 'doctor',
      concern: 'Kinderärztin meldet telefonisch Mangelernährung.',
      reporterOrganisationId: 'org-praxis-am-markt',
    });
    expect(res.status).toBe(201);
    expect((await res.json()) as KkgFeedbackLiveState).toMatchObject({
      channel: 'phone',
      reporter: { organisationId: 'org-praxis-am-markt', profession: 'doctor' },
    });
  });

  it('the youth office starts a §8a assessment from the report; a report of another case is refused, nothing started', async () => {
    const caseId = lindenauCaseId(`FALL-KKG-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Lea', familyName: 'Anlass', dateOfBirth: '2015-05-05' };
    expect((await call('POST', '/cases', caseworker, { caseId, youngPerson })).status).toBe(201);
    const reported = await call('POST', `/cases/${caseId}/kkg-reports`, clinic, {
      profession: 'clinic',
      concern: CONCERN,
    });
    expect(reported.status).toBe(201);
    const { reportId } = (await reported.json()) as KkgFeedbackLiveState;
    const started = async () =>
      Number(
        (
          (await ds.query(`SELECT count(*) AS n FROM events WHERE type = 'RiskAssessmentStarted' AND stream_id = $1`, [
            `case-${caseId}`,
          ])) as { n: string }[]
        )[0]?.n,
      );

    const unknown = await call('POST', `/cases/${caseId}/risk-assessments`, caseworker, {
      concern: CONCERN,
      origin: { kind: 'kkg_report', reportId: `kkg-report-${caseId}-0123456789abcdef0123` },
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('body.origin.reportId');
    expect(await started()).toBe(0);

    const res = await call('POST', `/cases/${caseId}/risk-assessments`, caseworker, {
      concern: CONCERN,
      origin: { kind: 'kkg_report', reportId },
    });
    expect(res.status).toBe(201);
    const [event]: { data: { origin: unknown } }[] = await ds.query(
      `SELECT data FROM events WHERE type = 'RiskAssessmentStarted' AND stream_id = $1`,
      [`case-${caseId}`],
    );
    expect(event?.data.origin).toEqual({ kind: 'kkg_report', reportId });
  });
});
