import type { HilfeplanungLiveState, PlanView, TimelineResponse } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
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

describe('Hilfeplanung through the API: statements, meeting, plan, next review', () => {
  let caseworker: string;
  let clinic: string;
  let provider: string;
  let supervisor: string;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    clinic = await tokenFor(stack.issuer, 'klinik');
    provider = await tokenFor(stack.issuer, 'traeger');
    supervisor = await tokenFor(stack.issuer, 'leitung');
  });

  it('runs one cycle end to end and reads the next review date back', async () => {
    const caseId = lindenauCaseId(`FALL-HP-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Lea', familyName: 'Birkholz', dateOfBirth: '2011-02-03' };
    const careProviderOrganisationId = 'org-traeger-birkenhof';
    expect((await call('POST', '/cases', caseworker, { caseId, youngPerson, careProviderOrganisationId })).status).toBe(
      201,
    );
    const base = `/cases/${caseId}/hilfeplanung`;

    // Only a clinic of the agreement can be named; nothing starts otherwise.
    const notAClinic = await call('POST', base, caseworker, { clinicOrganisationId: 'org-traeger-birkenhof' });
    expect(notAClinic.status).toBe(422);
    expect(((await notAClinic.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe(
      'body.clinicOrganisationId',
    );
    expect((await call('GET', base, caseworker)).status).toBe(404);

    const started = await call('POST', base, caseworker, { clinicOrganisationId: 'org-kjp-st-marien' });
    expect(started.status).toBe(201);
    expect(((await started.json()) as HilfeplanungLiveState).phase).toBe('awaiting_schedule');
    expect((await call('POST', base, caseworker)).status).toBe(409);

    // Statements: the clinic's discharge summary and the provider's; the youth office writes none.
    expect(
      (
        await call('POST', `${base}/statements`, clinic, {
          text: 'Entlassbericht: stabil, ambulante Anbindung empfohlen.',
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('POST', `${base}/statements`, provider, { text: 'Wohngruppe nimmt Lea wieder auf.' })).status,
    ).toBe(200);
    expect((await call('POST', `${base}/statements`, caseworker, { text: 'x' })).status).toBe(403);
    const again = await call('POST', `${base}/statements`, clinic, { text: 'Nachtrag' });
    expect(again.status).toBe(409);
    // Another clinic takes no part: it may not write (403), and reads are answered as for a case
    // that does not exist (docs/adr/0019: no oracle for other offices' cases).
    const otherClinic = await tokenFor(stack.issuer, 'klinik-nord');
    expect((await call('POST', `${base}/statements`, otherClinic, { text: 'Fremde Stellungnahme' })).status).toBe(403);
    expect((await call('GET', base, otherClinic)).status).toBe(404);
    expect((await call('GET', `${base}/plan`, otherClinic)).status).toBe(404);
    expect((await call('GET', base, clinic)).status).toBe(200);

    const meetingAt = inDays(7);
    expect((await call('POST', `${base}/meeting`, caseworker, { meetingAt })).status).toBe(200);
    expect((await call('POST', `${base}/invitations`, clinic, { party: 'clinic', answer: 'confirmed' })).status).toBe(
      200,
    );
    expect((await call('POST', `${base}/invitations`, clinic, { party: 'provider', answer: 'declined' })).status).toBe(
      403,
    );
    expect(
      (await call('POST', `${base}/invitations`, caseworker, { party: 'guardian', answer: 'confirmed' })).status,
    ).toBe(200);

    const plan = {
      heldAt: new Date().toISOString(),
      participants: ['young_person', 'guardian', 'clinic', 'provider', 'youth_office'],
      youngPersonView: 'Ich möchte zurück in die Wohngruppe und wieder zur Schule gehen.',
      goals: [{ text: 'Schulbesuch stabilisieren' }, { text: 'Krisen früh erkennen' }],
      measures: [
        {
          goal: 1,
          description: 'Ambulante Therapie in der KJP-Ambulanz',
          responsibleParty: 'clinic',
          dueBy: '2027-03-31',
        },
        {
          goal: 0,
          description: 'Hausaufgabenbegleitung in der Wohngruppe',
          responsibleParty: 'provider',
          dueBy: '2027-02-28',
        },
      ],
      nextReviewAt: inDays(120),
    };
    // Bad input first: nothing may change.
    const noGoals = await call('POST', `${base}/plan`, caseworker, { ...plan, goals: [], measures: [] });
    expect(noGoals.status).toBe(400);
    expect(((await noGoals.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('body.goals');
    const pastReview = await call('POST', `${base}/plan`, caseworker, { ...plan, nextReviewAt: inDays(-1) });
    expect(pastReview.status).toBe(400);
    expect(((await pastReview.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('body.nextReviewAt');
    expect(((await (await call('GET', base, caseworker)).json()) as HilfeplanungLiveState).phase).toBe(
      'meeting_scheduled',
    );

    const recorded = await call('POST', `${base}/plan`, caseworker, plan);
    expect(recorded.status).toBe(200);
    const status = (await (await call('GET', base, supervisor)).json()) as HilfeplanungLiveState;
    expect(status).toMatchObject({ phase: 'plan_in_force', cycle: 1, nextReviewAt: plan.nextReviewAt });
    expect(status.statements.map((s) => s.status)).toEqual(['submitted', 'submitted']);

    // The youth office reads the whole plan; the clinic only what it contributes to.
    const full = (await (await call('GET', `${base}/plan`, caseworker)).json()) as PlanView;
    expect(full).toMatchObject({ youngPersonView: plan.youngPersonView, partial: false });
    expect(full.goals.map((g) => g.text)).toEqual(['Schulbesuch stabilisieren', 'Krisen früh erkennen']);
    const forClinic = (await (await call('GET', `${base}/plan`, clinic)).json()) as PlanView;
    expect(forClinic.partial).toBe(true);
    expect(forClinic.youngPersonView).toBeUndefined();
    expect(forClinic.measures.map((m) => m.description)).toEqual(['Ambulante Therapie in der KJP-Ambulanz']);
    expect(forClinic.goals.map((g) => g.text)).toEqual(['Krisen früh erkennen']);

    // The timeline shows every step; the personal content stays sealed there.
    const timeline = await eventually(
      async () => {
        const t = (await (await call('GET', `/cases/${caseId}/timeline`, supervisor)).json()) as TimelineResponse;
        return t.entries.some((e) => e.type === 'HilfeplanRecorded') ? t : undefined;
      },
      { timeoutMs: 45_000, what: 'HilfeplanRecorded in the timeline' },
    );
    expect(timeline.entries.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'CaseRegistered',
        'HilfeplanungStarted',
        'StatementRequested',
        'StatementSubmitted',
        'MeetingScheduled',
        'InvitationAnswered',
        'HilfeplanRecorded',
      ]),
    );
    const raw = JSON.stringify(timeline);
    for (const secret of ['Wohngruppe nimmt', 'Ambulante Therapie', 'Ich möchte zurück', 'Birkholz'])
      expect(raw).not.toContain(secret);

    // Any participant may ask for an earlier review: the next cycle starts.
    expect(
      (await call('POST', `${base}/review-requests`, clinic, { reason: 'Erneute Krise in der Schule' })).status,
    ).toBe(202);
    const next = await eventually(
      async () => {
        const s = (await (await call('GET', base, caseworker)).json()) as HilfeplanungLiveState;
        return s.cycle === 2 ? s : undefined;
      },
      { timeoutMs: 30_000, what: 'cycle 2' },
    );
    expect(next.phase).toBe('awaiting_schedule');
  });

  it('takes instants with an offset and records them in UTC (the log holds UTC only)', async () => {
    // Found reading real answers: a meeting time sent as "+01:00" answered 500, nothing was
    // logged, yet the planning held the time and answered with it.
    const caseId = lindenauCaseId(`FALL-HPO-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Mia', familyName: 'Olbrich', dateOfBirth: '2010-09-14' };
    expect(
      (
        await call('POST', '/cases', caseworker, {
          caseId,
          youngPerson,
          careProviderOrganisationId: 'org-traeger-birkenhof',
        })
      ).status,
    ).toBe(201);
    const base = `/cases/${caseId}/hilfeplanung`;
    expect((await call('POST', base, caseworker)).status).toBe(201);

    // 7 days ahead at 16:00 in Berlin's winter time, sent with its offset.
    const day = new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10);
    const scheduled = await call('POST', `${base}/meeting`, caseworker, { meetingAt: `${day}T16:00:00+01:00` });
    expect(scheduled.status).toBe(200);
    expect(((await scheduled.json()) as HilfeplanungLiveState).meetingAt).toBe(`${day}T15:00:00.000Z`);

    const review = new Date(Date.now() + 120 * DAY).toISOString().slice(0, 10);
    const plan = {
      heldAt: `${new Date().toISOString().slice(0, 19)}+00:00`,
      participants: ['young_person', 'youth_office'],
      youngPersonView: 'Ich will in der Wohngruppe bleiben.',
      goals: [{ text: 'Tagesstruktur halten' }],
      measures: [],
      nextReviewAt: `${review}T09:30:00+02:00`,
    };
    const recorded = await call('POST', `${base}/plan`, caseworker, plan);
    expect(recorded.status).toBe(200);
    expect(((await recorded.json()) as HilfeplanungLiveState).nextReviewAt).toBe(`${review}T07:30:00.000Z`);
    expect((await call('GET', `${base}/plan`, caseworker)).status).toBe(200);

    const timeline = await eventually(
      async () => {
        const t = (await (await call('GET', `/cases/${caseId}/timeline`, supervisor)).json()) as TimelineResponse;
        return t.entries.some((e) => e.type === 'HilfeplanRecorded') ? t : undefined;
      },
      { timeoutMs: 45_000, what: 'HilfeplanRecorded in the timeline' },
    );
    expect(timeline.entries.map((e) => e.type)).toEqual(
      expect.arrayContaining(['MeetingScheduled', 'HilfeplanRecorded']),
    );
  });

  it('once the help has ended, every further step is refused with 409 problem+json and changes nothing', async () => {
    const caseId = lindenauCaseId(`FALL-HP-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Ben', familyName: 'Ostermann', dateOfBirth: '2010-05-06' };
    expect(
      (
        await call('POST', '/cases', caseworker, {
          caseId,
          youngPerson,
          careProviderOrganisationId: 'org-traeger-birkenhof',
        })
      ).status,
    ).toBe(201);
    const base = `/cases/${caseId}/hilfeplanung`;
    expect((await call('POST', base, caseworker, { clinicOrganisationId: 'org-kjp-st-marien' })).status).toBe(201);
    expect((await call('POST', `${base}/end`, caseworker, { reason: 'goals_reached' })).status).toBe(200);
    await eventually(
      async () => {
        const t = (await (await call('GET', `/cases/${caseId}/timeline`, supervisor)).json()) as TimelineResponse;
        return t.entries.some((e) => e.type === 'HelpEnded') ? true : undefined;
      },
      { timeoutMs: 45_000, what: 'HelpEnded in the timeline' },
    );

    // Issue 20: these answered 500 ("workflow execution already completed") before.
    const attempts: [string, string, unknown][] = [
      ['POST', `${base}/meeting`, { meetingAt: inDays(7) }],
      ['POST', `${base}/invitations`, { party: 'guardian', answer: 'confirmed' }],
      ['POST', `${base}/end`, { reason: 'other' }],
      [
        'POST',
        `${base}/plan`,
        {
          heldAt: new Date().toISOString(),
          participants: ['youth_office'],
          youngPersonView: 'x',
          goals: [{ text: 'Ziel' }],
          measures: [],
          nextReviewAt: inDays(90),
        },
      ],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(method, path, caseworker, body);
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
        path,
        status: 409,
        type: expect.stringContaining('application/problem+json'),
      });
      // Refused by the workflow while it winds down, by the API once it has completed.
      const problem = (await res.json()) as { errors: { reason: string }[] };
      expect(['planning.ended', 'help planning ended']).toContain(problem.errors[0]?.reason);
    }
    const review = await call('POST', `${base}/review-requests`, clinic, { reason: 'Erneute Krise' });
    expect(review.status).toBe(409);
    // Nothing the refused steps would have recorded is in the log (the end's own messages may still come).
    await new Promise((r) => setTimeout(r, 1000));
    const types = (
      (await (await call('GET', `/cases/${caseId}/timeline`, supervisor)).json()) as TimelineResponse
    ).entries.map((e) => e.type);
    for (const t of ['MeetingScheduled', 'InvitationAnswered', 'HilfeplanRecorded', 'ReviewRequested'])
      expect(types).not.toContain(t);
    expect(types.filter((t) => t === 'HelpEnded')).toHaveLength(1);
  });
});
