import type { RiskAssessmentDetail, RiskAssessmentLiveState, TimelineResponse } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();

async function call(method: string, path: string, token: string, body?: unknown) {
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

type Problem = { type: string; status: number; errors?: { field: string; reason: string }[] };
const problemOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as Problem;
};

/** Free text written in these steps: none of it may appear in the timeline, its export or Kafka. */
const SECRETS = {
  concern: 'Mehrfach Hämatome an den Armen, Kind wirkt verängstigt',
  assessment: 'Gewichtige Anhaltspunkte bestätigt, Vater reagiert aggressiv',
  guardiansNot: 'Beteiligung des Vaters würde das Kind gefährden',
  reason: 'Gefährdung abwendbar durch engmaschige Begleitung',
  action: 'Tägliche Anwesenheitskontrolle in der Kita',
};

describe('§8a risk assessment through the API (real tokens, real stack)', () => {
  let caseworker: string;
  let colleague: string;
  let supervisor: string;
  let provider: string;
  let clinic: string;
  let ds: DataSource;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    colleague = await tokenFor(stack.issuer, 'bereitschaft');
    supervisor = await tokenFor(stack.issuer, 'leitung');
    provider = await tokenFor(stack.issuer, 'traeger');
    clinic = await tokenFor(stack.issuer, 'klinik');
    ds = await openDataSource(stack.databaseUrl, 1);
  });
  afterAll(() => ds?.destroy());

  async function registeredCase(prefix: string): Promise<string> {
    const caseId = lindenauCaseId(`${prefix}-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Mia', familyName: 'Kettler', dateOfBirth: '2016-04-12' };
    const res = await call('POST', '/cases', caseworker, {
      caseId,
      youngPerson,
      careProviderOrganisationId: 'org-traeger-birkenhof',
    });
    expect(res.status).toBe(201);
    return caseId;
  }

  const storedAssessmentEvents = async (caseId: string): Promise<string[]> =>
    (
      (await ds.query(
        `SELECT type FROM events WHERE stream_id = $1 AND type LIKE 'RiskAssessment%' ORDER BY stream_version`,
        [`case-${caseId}`],
      )) as { type: string }[]
    ).map((r) => r.type);

  it('the youth office carries an assessment from the concern to protective steps; the timeline and its export show each step, sealed', async () => {
    const caseId = await registeredCase('FALL-RA');
    const base = `/cases/${caseId}/risk-assessments`;

    // Bad input first: nothing starts.
    const noConcern = await call('POST', base, caseworker, { origin: { kind: 'case' } });
    expect(noConcern.status).toBe(400);
    expect((await problemOf(noConcern)).errors?.[0]?.field).toBe('body.concern');
    const otherCrisis = await call('POST', base, caseworker, {
      origin: { kind: 'crisis', crisisId: 'crisis-unknown-0123456789abcdef0123' },
      concern: SECRETS.concern,
    });
    expect(otherCrisis.status).toBe(400);
    expect((await problemOf(otherCrisis)).errors?.[0]?.field).toBe('body.origin.crisisId');
    expect(((await (await call('GET', base, caseworker)).json()) as { items: unknown[] }).items).toEqual([]);

    const started = await call('POST', base, caseworker, { concern: SECRETS.concern });
    expect(started.status).toBe(201);
    const assessment = (await started.json()) as RiskAssessmentLiveState;
    expect(started.headers.get('location')).toBe(`${base}/${assessment.assessmentId}`);
    expect(assessment).toMatchObject({
      phase: 'assessing',
      origin: { kind: 'case' },
      initiator: { kind: 'youth_office', organisationId: 'org-jugendamt-lindenau' },
    });
    expect(assessment.steps.map((s) => [s.step, s.status])).toEqual([
      ['joint_assessment', 'open'],
      ['family_involvement', 'open'],
      ['decision', 'open'],
    ]);
    const one = `${base}/${assessment.assessmentId}`;

    // One professional only: refused, nothing stored.
    const alone = await call('POST', `${one}/joint-assessment`, caseworker, {
      professionals: [{ professionalId: 'u-fachkraft', organisationId: 'org-jugendamt-lindenau', function: 'ASD' }],
      assessedAt: new Date().toISOString(),
      assessment: SECRETS.assessment,
    });
    expect(alone.status).toBe(400);
    const aloneProblem = await problemOf(alone);
    expect(aloneProblem.errors?.[0]).toMatchObject({ field: 'body.professionals' });
    expect(aloneProblem.errors?.[0]?.reason).toContain('two professionals');
    // The outcome before the joint assessment: the workflow refuses it (409), nothing stored.
    const early = await call('POST', `${one}/decision`, caseworker, { outcome: 'no_risk', reason: SECRETS.reason });
    expect(early.status).toBe(409);
    expect((await problemOf(early)).errors?.[0]?.reason).toBe('risk_assessment.joint_assessment_required');
    expect(await storedAssessmentEvents(caseId)).toEqual(['RiskAssessmentStarted']);

    const joint = await call('POST', `${one}/joint-assessment`, colleague, {
      professionals: [
        { professionalId: 'u-fachkraft', organisationId: 'org-jugendamt-lindenau', function: 'fallführende Fachkraft' },
        { professionalId: 'u-bereitschaft', organisationId: 'org-jugendamt-lindenau', function: 'Teamleitung ASD' },
      ],
      assessedAt: new Date().toISOString(),
      assessment: SECRETS.assessment,
    });
    expect(joint.status).toBe(200);
    const involved = await call('POST', `${one}/family-involvement`, caseworker, {
      youngPerson: { involved: true, at: new Date().toISOString() },
      guardians: { involved: false, reason: SECRETS.guardiansNot },
    });
    expect(involved.status).toBe(200);
    const notInvolvedWithoutReason = await call('POST', `${one}/family-involvement`, caseworker, {
      youngPerson: { involved: true, at: new Date().toISOString() },
      guardians: { involved: false },
    });
    expect(notInvolvedWithoutReason.status).toBe(400);
    expect((await problemOf(notInvolvedWithoutReason)).errors?.[0]?.field).toBe('body.guardians.reason');

    // An outcome without a reason, a risk without a plan: 400 naming the field, nothing stored.
    const noReason = await call('POST', `${one}/decision`, caseworker, { outcome: 'no_risk' });
    expect(noReason.status).toBe(400);
    expect((await problemOf(noReason)).errors?.[0]?.field).toBe('body.reason');
    const noPlan = await call('POST', `${one}/decision`, caseworker, {
      outcome: 'protective_steps',
      reason: SECRETS.reason,
    });
    expect(noPlan.status).toBe(400);
    expect((await problemOf(noPlan)).errors?.[0]?.field).toBe('body.protectiveSteps');
    const pastReview = await call('POST', `${one}/decision`, caseworker, {
      outcome: 'no_risk',
      reason: SECRETS.reason,
      reviewAt: inDays(-1),
    });
    expect(pastReview.status).toBe(422);
    expect(await storedAssessmentEvents(caseId)).toEqual([
      'RiskAssessmentStarted',
      'RiskAssessmentJointAssessmentRecorded',
      'RiskAssessmentFamilyInvolvementRecorded',
    ]);

    const reviewAt = inDays(28);
    const decided = await call('POST', `${one}/decision`, caseworker, {
      outcome: 'protective_steps',
      reason: SECRETS.reason,
      protectiveSteps: [{ action: SECRETS.action, responsible: 'Träger Birkenhof', dueBy: '2027-01-31' }],
      reviewAt,
    });
    expect(decided.status).toBe(200);
    expect((await decided.json()) as RiskAssessmentLiveState).toMatchObject({
      phase: 'decided',
      outcome: 'protective_steps',
      reviewAt,
    });
    const again = await call('POST', `${one}/decision`, caseworker, { outcome: 'no_risk', reason: SECRETS.reason });
    expect(again.status).toBe(409);

    // Readers: the lead office's supervisor (in the access log); not the clinic; a Träger that did not start it sees nothing.
    const read = await call('GET', one, supervisor);
    expect(read.status).toBe(200);
    const detail = (await read.json()) as RiskAssessmentDetail;
    expect(detail.steps.find((s) => s.step === 'review')).toMatchObject({ status: 'open', dueAt: reviewAt });
    // The written text, opened for the reader the API let in (and only there).
    expect(detail.record).toMatchObject({
      concern: SECRETS.concern,
      jointAssessment: { assessment: SECRETS.assessment },
      familyInvolvement: { guardians: { involved: false, reason: SECRETS.guardiansNot } },
      decision: {
        outcome: 'protective_steps',
        reason: SECRETS.reason,
        protectiveSteps: [{ action: SECRETS.action, responsible: 'Träger Birkenhof', dueBy: '2027-01-31' }],
      },
    });
    expect(detail.record.jointAssessment?.professionals.map((p) => p.professionalId)).toEqual([
      'u-fachkraft',
      'u-bereitschaft',
    ]);
    expect((await call('GET', one, clinic)).status).toBe(403);
    expect((await call('GET', base, provider)).status).toBe(404);
    const logged = (await ds.query(`SELECT user_role FROM case_access_log WHERE case_id = $1 AND resource = $2`, [
      caseId,
      'risk_assessment',
    ])) as { user_role: string }[];
    expect(logged.map((r) => r.user_role)).toContain('supervisor');

    // The steps reach the timeline through Kafka; the written text stays sealed there and in the export.
    const timeline = await eventually(
      async () => {
        const t = (await (await call('GET', `/cases/${caseId}/timeline`, supervisor)).json()) as TimelineResponse;
        return t.entries.some((e) => e.type === 'RiskAssessmentDecided') ? t : undefined;
      },
      { timeoutMs: 45_000, what: 'RiskAssessmentDecided in the timeline' },
    );
    expect(timeline.entries.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'RiskAssessmentStarted',
        'RiskAssessmentJointAssessmentRecorded',
        'RiskAssessmentFamilyInvolvementRecorded',
        'RiskAssessmentDecided',
      ]),
    );
    const csv = await (await call('GET', `/cases/${caseId}/timeline/export?format=csv`, supervisor)).text();
    expect(csv).toContain('RiskAssessmentDecided');
    for (const text of [JSON.stringify(timeline), csv]) {
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    }
    const stored = JSON.stringify(
      await ds.query(`SELECT data FROM events WHERE stream_id = $1 AND type LIKE 'RiskAssessment%'`, [
        `case-${caseId}`,
      ]),
    );
    for (const secret of Object.values(SECRETS)) expect(stored).not.toContain(secret);
    expect(stored).toContain('"$sealed":"A256GCM"');
  });

  it('the Träger of the case starts one under §8a (4): no decision before the insoweit erfahrene Fachkraft is named', async () => {
    const caseId = await registeredCase('FALL-RA-TR');
    const base = `/cases/${caseId}/risk-assessments`;
    const started = await call('POST', base, provider, { concern: SECRETS.concern });
    expect(started.status).toBe(201);
    const assessment = (await started.json()) as RiskAssessmentLiveState;
    expect(assessment.initiator).toEqual({ kind: 'provider', organisationId: 'org-traeger-birkenhof' });
    expect(assessment.steps.map((s) => s.step)).toEqual([
      'specialist_consultation',
      'joint_assessment',
      'family_involvement',
      'decision',
    ]);
    const one = `${base}/${assessment.assessmentId}`;
    expect(
      (
        await call('POST', `${one}/joint-assessment`, provider, {
          professionals: [
            { professionalId: 'u-traeger', organisationId: 'org-traeger-birkenhof', function: 'Gruppenleitung' },
            { professionalId: 'u-traeger-2', organisationId: 'org-traeger-birkenhof', function: 'Bereichsleitung' },
          ],
          assessedAt: new Date().toISOString(),
          assessment: SECRETS.assessment,
        })
      ).status,
    ).toBe(200);
    const tooEarly = await call('POST', `${one}/decision`, provider, {
      outcome: 'inobhutnahme',
      reason: SECRETS.reason,
    });
    expect(tooEarly.status).toBe(409);
    expect((await problemOf(tooEarly)).errors?.[0]?.reason).toBe('risk_assessment.specialist_required');
    expect(
      (
        await call('POST', `${one}/specialist`, provider, {
          specialistName: 'Dr. Sabine Lorenz',
          specialistOrganisation: 'Kinderschutzzentrum Lindenau',
          consultedAt: new Date().toISOString(),
        })
      ).status,
    ).toBe(200);
    const decided = await call('POST', `${one}/decision`, provider, {
      outcome: 'inobhutnahme',
      reason: SECRETS.reason,
    });
    expect(decided.status).toBe(200);
    // The Träger reads its own; the youth office reads every assessment of its case.
    expect(((await (await call('GET', base, provider)).json()) as { items: unknown[] }).items).toHaveLength(1);
    expect((await call('GET', one, caseworker)).status).toBe(200);
    // Another Träger's staff (not this case's) may not start one.
    const other = await tokenFor(stack.issuer, 'traeger-lindenhof');
    expect((await call('POST', base, other, { concern: SECRETS.concern })).status).toBe(403);
    const stored = JSON.stringify(await ds.query(`SELECT data FROM events WHERE stream_id = $1`, [`case-${caseId}`]));
    expect(stored).not.toContain('Sabine Lorenz');
  });
});
