import type {
  BreakGlassReviewList,
  InboxTask,
  KkgFeedbackLiveState,
  NewEvent,
  RiskAssessmentLiveState,
  TaskInboxResponse,
} from '@hilfenetz/contracts';
import { taskInboxResponseSchema } from '@hilfenetz/contracts';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { proposeSignedByAll } from './attacks/agreement-signing';
import { openStream } from './attacks/attack-support';
import { breakGlassNetwork } from './attacks/break-glass-network';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const REASON = 'Nachts Inobhutnahme, fallführendes Jugendamt nicht erreichbar';
const CONCERN = 'Kind berichtet von Schlägen durch den Stiefvater';

async function call(method: string, path: string, token: string, body?: unknown) {
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The caller's inbox (all states), as the web app reads it. */
async function inbox(token: string, caseId: string): Promise<InboxTask[]> {
  const res = await call('GET', `/tasks?status=all&caseId=${encodeURIComponent(caseId)}`, token);
  expect(res.status).toBe(200);
  // Every answer is what docs/openapi.json says (the schema is strict: no field beyond it).
  return taskInboxResponseSchema.parse(await res.json()).tasks;
}
const ofKind = (tasks: InboxTask[], kind: string) => tasks.filter((t) => t.kind === kind);

/** Waits until the projector has the task in the caller's inbox in the state asked for. */
const inboxUntil = (token: string, caseId: string, ok: (tasks: InboxTask[]) => boolean, what: string) =>
  eventually(
    async () => {
      const tasks = await inbox(token, caseId);
      return ok(tasks) ? tasks : undefined;
    },
    { timeoutMs: 45_000, what },
  );

/** What a workflow's recording activity appends when a deadline passes (hours or days away here). */
const systemEvent = (type: string, organisationId: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: { actorId: 'system', actorRole: 'system', organisationId, correlationId: randomUUID() },
});

describe('the inbox holds the review of a break-glass read, the due §8a steps and the §4 KKG feedback', () => {
  let ds: DataSource;
  let store: PostgresEventStore;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    ds = await openDataSource(stack.databaseUrl, 2);
    store = new PostgresEventStore(ds);
    for (const u of ['fachkraft', 'bereitschaft', 'leitung', 'klinik', 'klinik-nord', 'traeger'])
      t[u] = await tokenFor(stack.issuer, u);
  });
  afterAll(() => ds?.destroy());

  describe('break-glass review (issue 13, finding 3)', () => {
    const tag = randomUUID().slice(0, 8);
    const net = breakGlassNetwork(tag);
    let caseId: string;
    let reviewId: string;
    let dueAt: string;

    beforeAll(async () => {
      await proposeSignedByAll(stack.apiUrl, net.agreement);
      const res = await call('POST', '/cases', await net.leadCaseworker(), {
        caseId: `FALL-BGI-${tag}`,
        youngPerson: { givenName: 'Lea', familyName: `Inbox${tag}`, dateOfBirth: '2012-05-06' },
      });
      expect(res.status).toBe(201);
      caseId = ((await res.json()) as { caseId: string }).caseId;
      const read = await fetch(`${stack.apiUrl}/cases/${caseId}`, {
        headers: { authorization: `Bearer ${await net.partnerOnCall()}`, 'x-break-glass-reason': REASON },
      });
      expect(read.status).toBe(200);
      const list = (await (
        await call('GET', '/break-glass-reviews?status=open', await net.leadSupervisor())
      ).json()) as BreakGlassReviewList;
      const review = list.reviews.find((r) => r.caseId === caseId)!;
      ({ reviewId, dueAt } = review);
    });

    it('the lead office’s supervisor has "Notfallzugriff prüfen" with its deadline and the reader, no reason', async () => {
      const supervisor = await net.leadSupervisor();
      const [task] = ofKind(
        await inboxUntil(supervisor, caseId, (ts) => ofKind(ts, 'break_glass_review').length > 0, 'the review task'),
        'break_glass_review',
      );
      expect(task).toMatchObject({
        caseId,
        kind: 'break_glass_review',
        subjectId: reviewId,
        organisationId: net.lead,
        status: 'open',
        deadline: dueAt,
        escalations: 0,
        reader: { id: `u-bg-oc-${tag}`, organisationId: net.partner, organisationName: 'Jugendamt Partnerkreis' },
      });
      // Open by default: GET /tasks without a status shows it too.
      const open = (await (await call('GET', '/tasks', supervisor)).json()) as TaskInboxResponse;
      expect(open.tasks.some((x) => x.subjectId === reviewId)).toBe(true);
      expect(JSON.stringify(task)).not.toContain('Inobhutnahme');
    });

    it('nobody else sees it: not the lead office’s caseworker, not the partner’s staff, not Lindenau’s Leitung', async () => {
      for (const token of [
        await net.leadCaseworker(),
        await net.partnerOnCall(),
        await net.partnerSupervisor(),
        t.leitung!,
        t.fachkraft!,
      ])
        expect(ofKind(await inbox(token, caseId), 'break_glass_review')).toEqual([]);
      // The data protection officer holds no task inbox at all.
      expect((await call('GET', '/tasks', await net.leadDataProtectionOfficer())).status).toBe(403);
    });

    it('an overdue review shows escalated and the data protection officer is told, as the workflow does it', async () => {
      // The review workflow's deadline is 48 hours away: what it appends then, appended now.
      const ref = { caseId, accessId: reviewId, leadOrganisationId: net.lead };
      const at = new Date().toISOString();
      await store.append(`case-${caseId}`, [
        systemEvent('BreakGlassReviewEscalated', net.lead, {
          ...ref,
          dueAt,
          escalatedAt: at,
          supervisorContactId: 'ct-ja-leitung',
        }),
        systemEvent('DataProtectionOfficerNotified', net.lead, { ...ref, cause: 'review_overdue', notifiedAt: at }),
      ]);
      const supervisor = await net.leadSupervisor();
      const tasks = await inboxUntil(
        supervisor,
        caseId,
        (ts) => ofKind(ts, 'break_glass_review')[0]?.escalations === 1,
        'the review task escalated',
      );
      expect(ofKind(tasks, 'break_glass_review')[0]).toMatchObject({ status: 'open', deadline: dueAt });
      const dpo = await eventually(
        async () => {
          const res = await call('GET', '/break-glass-reviews', await net.leadDataProtectionOfficer());
          const list = (await res.json()) as BreakGlassReviewList;
          return list.reviews.find((r) => r.reviewId === reviewId && r.dataProtectionOfficerNotified);
        },
        { timeoutMs: 45_000, what: 'the overdue review in the data protection officer’s list' },
      );
      expect(dpo).toMatchObject({ caseId, verdict: null });
    });

    it('a new review reaches the supervisor’s open inbox live (Server-Sent Events)', async () => {
      const supervisor = await net.leadSupervisor();
      const stream = openStream(stack.apiUrl, supervisor);
      try {
        await eventually(async () => (stream.events.some((e) => e.event === 'ready') ? true : undefined), {
          what: 'the stream to open',
        });
        const res = await call('POST', '/cases', await net.leadCaseworker(), {
          caseId: `FALL-BGL-${tag}`,
          youngPerson: { givenName: 'Tim', familyName: `Live${tag}`, dateOfBirth: '2013-04-05' },
        });
        const liveCase = ((await res.json()) as { caseId: string }).caseId;
        const read = await fetch(`${stack.apiUrl}/cases/${liveCase}`, {
          headers: { authorization: `Bearer ${await net.partnerOnCall()}`, 'x-break-glass-reason': REASON },
        });
        expect(read.status).toBe(200);
        await eventually(async () => (stream.events.some((e) => e.event === 'inbox-changed') ? true : undefined), {
          timeoutMs: 45_000,
          what: 'inbox-changed on the supervisor’s stream',
        });
        expect(ofKind(await inbox(supervisor, liveCase), 'break_glass_review')).toHaveLength(1);
      } finally {
        await stream.close();
      }
    });

    it('the decision closes the task', async () => {
      const supervisor = await net.leadSupervisor();
      const res = await call('POST', `/break-glass-reviews/${reviewId}/decision`, supervisor, {
        verdict: 'justified',
        note: 'Notfall nachvollziehbar, Leitung war nicht erreichbar.',
      });
      expect(res.status).toBe(200);
      const tasks = await inboxUntil(
        supervisor,
        caseId,
        (ts) => ofKind(ts, 'break_glass_review')[0]?.status === 'closed',
        'the review task closed',
      );
      expect(ofKind(tasks, 'break_glass_review')[0]).toMatchObject({
        acknowledgedBy: `u-bg-sv-${tag}`,
        deadline: null,
      });
      const open = (await (await call('GET', '/tasks', supervisor)).json()) as TaskInboxResponse;
      expect(open.tasks.some((x) => x.subjectId === reviewId)).toBe(false);
    });
  });

  it('§8a: the youth office’s caseworkers see the due steps; a missed step is the Leitung’s task; recording it closes both', async () => {
    const caseId = lindenauCaseId(`FALL-RAI-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Jan', familyName: 'Schritt', dateOfBirth: '2015-02-03' };
    expect((await call('POST', '/cases', t.fachkraft!, { caseId, youngPerson })).status).toBe(201);
    const started = await call('POST', `/cases/${caseId}/risk-assessments`, t.fachkraft!, { concern: CONCERN });
    expect(started.status).toBe(201);
    const assessment = (await started.json()) as RiskAssessmentLiveState;

    const steps = ofKind(
      await inboxUntil(t.fachkraft!, caseId, (ts) => ofKind(ts, 'risk_assessment_step').length === 3, 'the steps'),
      'risk_assessment_step',
    );
    const dueOf = Object.fromEntries(assessment.steps.map((s) => [s.step, s.dueAt]));
    expect(steps.map((s) => [s.step, s.deadline, s.status, s.subjectId]).sort()).toEqual(
      ['decision', 'family_involvement', 'joint_assessment']
        .map((s) => [s, dueOf[s], 'open', assessment.assessmentId])
        .sort(),
    );
    // The on-call colleague of the same office sees them too; the Leitung, a clinic, a Träger not.
    expect(ofKind(await inbox(t.bereitschaft!, caseId), 'risk_assessment_step')).toHaveLength(3);
    for (const token of [t.leitung!, t.klinik!, t.traeger!]) expect(await inbox(token, caseId)).toEqual([]);
    expect(JSON.stringify(steps)).not.toContain('Stiefvater');

    // The joint assessment's deadline (72 h) and its reminder passed: what the workflow appends then.
    const base = { assessmentId: assessment.assessmentId, caseId };
    await store.append(`case-${caseId}`, [
      systemEvent('RiskAssessmentEscalated', 'org-jugendamt-lindenau', {
        ...base,
        step: 'joint_assessment',
        missedDueAt: dueOf['joint_assessment'],
        escalatedTo: 'supervisor',
        organisationId: 'org-jugendamt-lindenau',
        escalatedAt: new Date().toISOString(),
      }),
    ]);
    const leitung = await inboxUntil(t.leitung!, caseId, (ts) => ts.length > 0, 'the Leitung’s escalation task');
    expect(leitung).toEqual([
      expect.objectContaining({
        kind: 'risk_assessment_escalation',
        step: 'joint_assessment',
        subjectId: assessment.assessmentId,
        status: 'open',
      }),
    ]);
    const mine = await inbox(t.fachkraft!, caseId);
    expect(ofKind(mine, 'risk_assessment_escalation')).toEqual([]);
    expect(mine.find((x) => x.step === 'joint_assessment')).toMatchObject({ escalations: 1, status: 'open' });

    const joint = await call(
      'POST',
      `/cases/${caseId}/risk-assessments/${assessment.assessmentId}/joint-assessment`,
      t.bereitschaft!,
      {
        professionals: [
          {
            professionalId: 'u-fachkraft',
            organisationId: 'org-jugendamt-lindenau',
            function: 'fallführende Fachkraft',
          },
          { professionalId: 'u-bereitschaft', organisationId: 'org-jugendamt-lindenau', function: 'Teamleitung ASD' },
        ],
        assessedAt: new Date().toISOString(),
        assessment: 'Anhaltspunkte gewichtig, Schutzplan nötig',
      },
    );
    expect(joint.status).toBe(200);
    await inboxUntil(t.leitung!, caseId, (ts) => ts[0]?.status === 'closed', 'the escalation closed');
    const after = await inbox(t.fachkraft!, caseId);
    expect(after.find((x) => x.step === 'joint_assessment')?.status).toBe('closed');
    expect(
      after
        .filter((x) => x.status === 'open')
        .map((x) => x.step)
        .sort(),
    ).toEqual(['decision', 'family_involvement']);
  });

  it('§4 KKG: the feedback duty is the youth office’s; after the answer the reporting clinic has it in its inbox, and nothing more', async () => {
    const caseId = lindenauCaseId(`FALL-KKGI-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Ben', familyName: 'Rueckmeldung', dateOfBirth: '2013-07-08' };
    expect((await call('POST', '/cases', t.fachkraft!, { caseId, youngPerson })).status).toBe(201);
    const reported = await call('POST', `/cases/${caseId}/kkg-reports`, t.klinik!, {
      profession: 'clinic',
      concern: CONCERN,
    });
    expect(reported.status).toBe(201);
    const report = (await reported.json()) as KkgFeedbackLiveState;

    const [duty] = await inboxUntil(t.fachkraft!, caseId, (ts) => ts.length > 0, 'the feedback duty');
    expect(duty).toMatchObject({
      kind: 'kkg_feedback_due',
      subjectId: report.reportId,
      organisationId: 'org-jugendamt-lindenau',
      deadline: report.feedbackDueAt,
      status: 'open',
    });
    // Before the answer the clinic has nothing in its inbox for it, and the Leitung neither (not overdue).
    for (const token of [t.klinik!, t.leitung!, t['klinik-nord']!]) expect(await inbox(token, caseId)).toEqual([]);

    const given = await call('POST', `/cases/${caseId}/kkg-reports/${report.reportId}/feedback`, t.fachkraft!, {
      riskConfirmed: true,
      acting: false,
    });
    expect(given.status).toBe(200);
    const [received] = await inboxUntil(t.klinik!, caseId, (ts) => ts.length > 0, 'the feedback at the clinic');
    expect(received).toMatchObject({
      kind: 'kkg_feedback_received',
      subjectId: report.reportId,
      organisationId: 'org-kjp-st-marien',
      status: 'open',
      deadline: null,
      kkgFeedback: { riskConfirmed: true, acting: false },
    });
    // Only what §4 (4) KKG allows: the two answers; no concern, no reader, no step.
    expect(Object.keys(received!.kkgFeedback!).sort()).toEqual(['acting', 'riskConfirmed']);
    expect(received).not.toHaveProperty('reader');
    expect(received).not.toHaveProperty('step');
    expect(JSON.stringify(received)).not.toContain('Stiefvater');
    // Across cases: the clinic's inbox without a case filter lists it.
    const all = (await (await call('GET', '/tasks', t.klinik!)).json()) as TaskInboxResponse;
    expect(all.tasks.some((x) => x.subjectId === report.reportId && x.kind === 'kkg_feedback_received')).toBe(true);
    expect(await inbox(t['klinik-nord']!, caseId)).toEqual([]);
    const closed = await inboxUntil(t.fachkraft!, caseId, (ts) => ts[0]?.status === 'closed', 'the duty closed');
    expect(closed).toHaveLength(1);
  });
});
