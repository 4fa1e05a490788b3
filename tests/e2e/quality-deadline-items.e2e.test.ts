import type {
  InterfaceItem,
  InterfaceItemList,
  KkgFeedbackLiveState,
  NewEvent,
  QualityReport,
  RiskAssessmentLiveState,
} from '@hilfenetz/contracts';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { expectProblem, mintToken } from './attacks/attack-support';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const AGREEMENT = 'lindenau-krisenkooperation';
const LEAD = 'org-jugendamt-lindenau';
const CONCERN = 'Kind kommt seit Wochen ohne Frühstück, blaue Flecken an den Armen';

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

const berlinMonth = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' }).format(d);
const fieldOf = (problem: Record<string, unknown>) => (problem.errors as { field: string }[] | undefined)?.[0]?.field;
const utcMonth = (iso: string) => iso.slice(0, 7);

/** What a workflow's recording activity appends when a deadline passes (days away here). */
const systemEvent = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: { actorId: 'system', actorRole: 'system', organisationId: LEAD, correlationId: randomUUID() },
});

/**
 * Missed deadlines of the child-protection steps are items of the error analysis too (issue 18 §3,
 * ADR 0041): a §4 KKG feedback not given in time and a §8a step past its deadline appear in the lead
 * office's list, are annotated under an agreement (refused without one, nothing stored), and the
 * report counts their causes at the lead office's interface with k = 5.
 */
describe('missed §4 KKG and §8a deadlines in the error analysis', () => {
  const tokens: Record<string, string> = {};
  let db: DataSource;
  let store: PostgresEventStore;
  const reports: KkgFeedbackLiveState[] = [];
  let assessment: RiskAssessmentLiveState;
  let items: InterfaceItem[] = [];
  let query = '';

  beforeAll(async () => {
    for (const u of ['fachkraft', 'klinik', 'leitung', 'pruefung']) tokens[u] = await tokenFor(stack.issuer, u);
    tokens.nachbar = await mintToken({
      username: 'fachkraft',
      claims: { org: 'org-jugendamt-nachbarkreis', sub: `nachbar-${randomUUID()}` },
    });
    db = await openDataSource(stack.databaseUrl, 1);
    store = new PostgresEventStore(db);

    // Four clinics' reports whose feedback deadline passes, and one assessment whose joint step does.
    for (let i = 0; i < 4; i++) {
      const caseId = lindenauCaseId(`FALL-QD-${randomUUID().slice(0, 8)}`);
      const youngPerson = { givenName: `Frista${i}`, familyName: 'Versaeumt', dateOfBirth: '2012-03-04' };
      expect((await call('POST', '/cases', tokens.fachkraft!, { caseId, youngPerson })).status).toBe(201);
      const res = await call('POST', `/cases/${caseId}/kkg-reports`, tokens.klinik!, {
        profession: 'clinic',
        concern: CONCERN,
      });
      expect(res.status).toBe(201);
      reports.push((await res.json()) as KkgFeedbackLiveState);
    }
    const caseId = lindenauCaseId(`FALL-QD-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Schrittina', familyName: 'Versaeumt', dateOfBirth: '2012-03-04' };
    expect((await call('POST', '/cases', tokens.fachkraft!, { caseId, youngPerson })).status).toBe(201);
    const started = await call('POST', `/cases/${caseId}/risk-assessments`, tokens.fachkraft!, { concern: CONCERN });
    expect(started.status).toBe(201);
    assessment = (await started.json()) as RiskAssessmentLiveState;
    const jointDue = assessment.steps.find((s) => s.step === 'joint_assessment')!.dueAt;

    // What the workflows append when the deadlines pass: the reminder, then (for §8a) the escalation.
    for (const r of reports) {
      await store.append(`case-${r.caseId}`, [
        systemEvent('KkgFeedbackReminderSent', {
          reportId: r.reportId,
          caseId: r.caseId,
          missedDueAt: r.feedbackDueAt,
          newDueAt: new Date(Date.parse(r.feedbackDueAt) + 2 * 86_400_000).toISOString(),
          sentAt: r.feedbackDueAt,
        }),
      ]);
    }
    const step = { assessmentId: assessment.assessmentId, caseId, step: 'joint_assessment', missedDueAt: jointDue };
    await store.append(`case-${caseId}`, [
      systemEvent('RiskAssessmentReminderSent', {
        ...step,
        newDueAt: new Date(Date.parse(jointDue) + 86_400_000).toISOString(),
        sentAt: jointDue,
      }),
      systemEvent('RiskAssessmentEscalated', {
        ...step,
        escalatedTo: 'supervisor',
        organisationId: LEAD,
        escalatedAt: jointDue,
      }),
    ]);

    const months = [berlinMonth(new Date()), ...reports.map((r) => utcMonth(r.feedbackDueAt)), utcMonth(jointDue)];
    query = `from=${months.reduce((a, b) => (a < b ? a : b))}&to=${months.reduce((a, b) => (a > b ? a : b))}&agreementId=${AGREEMENT}`;
    items = await eventually(
      async () => {
        const list = (await (
          await call('GET', `/quality-annotations/items?${query}`, tokens.fachkraft!)
        ).json()) as InterfaceItemList;
        const ours = list.items.filter(
          (i) => i.crisisId === assessment.assessmentId || reports.some((r) => r.reportId === i.crisisId),
        );
        return ours.length >= 5 ? ours : undefined;
      },
      { what: 'the five missed deadlines in the list of items', timeoutMs: 60_000 },
    );
  }, 300_000);
  afterAll(() => db?.destroy());

  it('lists each missed deadline once, at the lead office, with the process and the step', () => {
    const kkg = items.filter((i) => i.kind === 'kkg_feedback_missed');
    expect(kkg.map((i) => i.crisisId).sort()).toEqual(reports.map((r) => r.reportId).sort());
    for (const item of kkg) {
      const report = reports.find((r) => r.reportId === item.crisisId)!;
      expect(item).toMatchObject({
        taskId: 'kkg_feedback',
        caseId: report.caseId,
        party: 'youth_office',
        organisationId: LEAD,
        occurredAt: new Date(report.feedbackDueAt).toISOString(),
        annotation: null,
      });
    }
    // The reminder and the escalation after it are one missed deadline.
    expect(items.filter((i) => i.kind === 'risk_assessment_deadline_missed')).toEqual([
      expect.objectContaining({
        crisisId: assessment.assessmentId,
        taskId: 'joint_assessment',
        party: 'youth_office',
        organisationId: LEAD,
      }),
    ]);
  });

  it('refuses an annotation without the agreement it belongs to, and another office’s or the reporter’s; nothing stored', async () => {
    const target = items[0]!;
    const count = async () =>
      Number(
        (
          (await db.query(
            `SELECT count(*) AS n FROM events WHERE type = 'InterfaceItemAnnotated' AND data->>'itemId' = $1`,
            [target.itemId],
          )) as { n: string }[]
        )[0]?.n,
      );
    const without = await call('PUT', `/quality-annotations/items/${target.itemId}`, tokens.fachkraft!, {
      category: 'no_one_on_duty',
    });
    expect(fieldOf(await expectProblem(without, 400))).toBe('body.agreementId');
    const named = await call('PUT', `/quality-annotations/items/${target.itemId}`, tokens.fachkraft!, {
      category: 'no_one_on_duty',
      agreementId: AGREEMENT,
      note: 'Frau Weber war im Urlaub, keine Vertretung',
    });
    expect(fieldOf(await expectProblem(named, 400))).toBe('body.note');
    const other = await call('PUT', `/quality-annotations/items/${target.itemId}`, tokens.nachbar!, {
      category: 'no_one_on_duty',
      agreementId: AGREEMENT,
    });
    expect(other.status).toBe(404);
    const reporter = await call('PUT', `/quality-annotations/items/${target.itemId}`, tokens.klinik!, {
      category: 'no_one_on_duty',
      agreementId: AGREEMENT,
    });
    expect([403, 404]).toContain(reporter.status);
    expect(await count()).toBe(0);
  });

  it('annotates them under the agreement; the report counts the causes at the lead office’s interface, k = 5', async () => {
    for (const item of items) {
      const res = await call('PUT', `/quality-annotations/items/${item.itemId}`, tokens.fachkraft!, {
        category: 'no_one_on_duty',
        agreementId: AGREEMENT,
        note: 'Vertretung im Team nicht geregelt, Frist nicht im Blick.',
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as InterfaceItem).annotation?.category).toBe('no_one_on_duty');
    }
    const [event]: { data: { agreementId: string; note: unknown; kind: string } }[] = await db.query(
      `SELECT data FROM events WHERE type = 'InterfaceItemAnnotated' AND data->>'itemId' = $1`,
      [items[0]!.itemId],
    );
    expect(event?.data).toMatchObject({ agreementId: AGREEMENT, note: { $sealed: 'A256GCM' } });
    expect(JSON.stringify(event)).not.toContain('Vertretung');

    const report = await eventually(
      async () => {
        const res = await call('GET', `/quality-reports?${query}`, tokens.pruefung!);
        const body = (await res.json()) as QualityReport;
        const office = body.interfaces.find((i) => i.party === 'youth_office' && i.organisationId === LEAD);
        const cell = office?.causes.find((c) => c.category === 'no_one_on_duty')?.items;
        return typeof cell === 'number' && cell >= 5 ? body : undefined;
      },
      { what: 'the five causes at the youth office’s interface', timeoutMs: 45_000 },
    );
    const office = report.interfaces.find((i) => i.party === 'youth_office' && i.organisationId === LEAD)!;
    expect(office.organisationName).not.toBe(LEAD);
    // Anonymous: no case, report, assessment or item id, no note.
    const text = JSON.stringify(report);
    for (const id of [
      ...reports.flatMap((r) => [r.caseId, r.reportId]),
      assessment.assessmentId,
      ...items.map((i) => i.itemId),
    ])
      expect(text).not.toContain(id);
    expect(text).not.toContain('Vertretung');

    // Once annotated, the item is the agreement's: it can go into the register like any other.
    // (Refused until the projector has placed the annotation, so asked until then.)
    await eventually(
      async () =>
        (
          await call('POST', '/weakness-register', tokens.fachkraft!, {
            agreementId: AGREEMENT,
            sourceItemId: items[0]!.itemId,
            kind: 'weakness',
            what: 'Fristen für die Rückmeldung nach § 4 KKG laufen ohne Vertretung ab',
            example: 'Rückmeldung an die Klinik blieb über die Frist hinaus aus, Erinnerung ging an niemanden.',
          })
        ).status === 201
          ? true
          : undefined,
      { what: 'the annotated missed deadline in the register', timeoutMs: 30_000 },
    );
  });
});
