import type { QualityReport, TaskBriefing, TimelineResponse } from '@hilfenetz/contracts';
import { qualityKey } from '@hilfenetz/projector';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { expectProblem } from './attacks/attack-support';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const AGREEMENT = 'lindenau-krisenkooperation';

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

/**
 * Issue 18 §3: a party declining a crisis task names one of the agreement's decline reason
 * categories beside its (sealed) free text; the category is recorded in clear on TaskDeclined,
 * shown in the timeline and counted per interface in the quality report. An unknown category is
 * refused as 400 naming body.reasonCategory, and nothing is recorded.
 */
describe('decline reason categories', () => {
  const tokens: Record<string, string> = {};
  let db: DataSource;
  const month = berlinMonth(new Date());
  const crises: { caseId: string; crisisId: string }[] = [];

  const declinedEvents = async (crisisId: string) =>
    (await db.query(`SELECT data FROM events WHERE type = 'TaskDeclined' AND data->>'crisisId' = $1`, [crisisId])) as {
      data: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    for (const u of ['fachkraft', 'traeger', 'leitung']) tokens[u] = await tokenFor(stack.issuer, u);
    db = await openDataSource(stack.databaseUrl, 1);
    for (let i = 0; i < 5; i++) {
      const caseId = lindenauCaseId(`FALL-AG-${randomUUID().slice(0, 8)}`);
      const youngPerson = { givenName: 'Ablehna', familyName: `Grundfall${i}`, dateOfBirth: '2011-05-06' };
      expect((await call('POST', '/cases', tokens.fachkraft!, { caseId, youngPerson })).status).toBe(201);
      const res = await call('POST', `/cases/${caseId}/crises`, tokens.fachkraft!, {
        dangerKind: 'self',
        urgency: 'immediate',
      });
      expect(res.status).toBe(201);
      crises.push({ caseId, crisisId: ((await res.json()) as { crisisId: string }).crisisId });
    }
  }, 120_000);
  afterAll(() => db?.destroy());

  it('the Träger reads the categories in its briefing; an unknown one is refused and nothing is recorded', async () => {
    const { caseId, crisisId } = crises[0]!;
    const base = `/cases/${caseId}/crises/${crisisId}/tasks/task-provider`;
    const briefing = await eventually(
      async () => {
        const res = await call('GET', `${base}/briefing`, tokens.traeger!);
        return res.status === 200 ? ((await res.json()) as TaskBriefing) : undefined;
      },
      { what: 'the Träger’s briefing', timeoutMs: 45_000 },
    );
    expect(briefing.declineReasonCategories).toEqual([
      { id: 'no_capacity', label: 'Keine Kapazität' },
      { id: 'not_responsible', label: 'Nicht zuständig' },
      { id: 'no_one_reachable', label: 'Niemand erreichbar' },
      { id: 'medical_reasons', label: 'Medizinische Gründe' },
      { id: 'other', label: 'Sonstiges' },
    ]);

    const refused = await call('POST', `${base}/decline`, tokens.traeger!, {
      reason: 'Kein Platz frei',
      reasonCategory: 'funkloch',
    });
    const problem = await expectProblem(refused, 400);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'body.reasonCategory' })]);
    const malformed = await call('POST', `${base}/decline`, tokens.traeger!, {
      reason: 'Kein Platz frei',
      reasonCategory: 'Keine Kapazität',
    });
    expect((await expectProblem(malformed, 400)).errors).toEqual([
      expect.objectContaining({ field: 'body.reasonCategory' }),
    ]);
    expect(await declinedEvents(crisisId)).toEqual([]);
  }, 90_000);

  it('a decline with a category: in the event (reason sealed) and the timeline, counted in the report', async () => {
    for (const { caseId, crisisId } of crises) {
      const base = `/cases/${caseId}/crises/${crisisId}/tasks/task-provider`;
      await eventually(
        async () => {
          const res = await call('POST', `${base}/decline`, tokens.traeger!, {
            reason: 'Für diesen Fall nicht zuständig',
            reasonCategory: 'not_responsible',
          });
          return res.status === 200 ? true : undefined;
        },
        { what: 'the Träger declines', timeoutMs: 45_000 },
      );
    }
    const { caseId, crisisId } = crises[0]!;
    const [event] = await declinedEvents(crisisId);
    expect(event!.data).toMatchObject({ taskId: 'task-provider', reasonCategory: 'not_responsible' });
    // The free text stays sealed; only the category is clear.
    expect(JSON.stringify(event!.data)).not.toContain('nicht zuständig');

    const entry = await eventually(
      async () => {
        const t = (await (await call('GET', `/cases/${caseId}/timeline`, tokens.leitung!)).json()) as TimelineResponse;
        return t.entries.find((e) => e.type === 'TaskDeclined' && e.data.crisisId === crisisId);
      },
      { what: 'the decline in the timeline', timeoutMs: 45_000 },
    );
    expect(entry.data.reasonCategory).toBe('not_responsible');

    const keys = crises.map((c) => qualityKey(c.crisisId, 'task-provider'));
    await eventually(
      async () => {
        const rows: { n: string }[] = await db.query(
          `SELECT count(*) AS n FROM quality_task_facts WHERE task_key = ANY($1) AND decline_category = 'not_responsible'`,
          [keys],
        );
        return Number(rows[0]?.n) === crises.length ? true : undefined;
      },
      { what: 'the five categorised declines in the quality facts', timeoutMs: 60_000 },
    );
    const res = await call(
      'GET',
      `/quality-reports?from=${month}&to=${month}&agreementId=${AGREEMENT}`,
      tokens.leitung!,
    );
    expect(res.status).toBe(200);
    const report = (await res.json()) as QualityReport;
    const provider = report.interfaces.find(
      (i) => i.party === 'provider' && i.organisationId === 'org-traeger-birkenhof',
    );
    const cell = provider!.declineReasons.find((d) => d.category === 'not_responsible')!;
    expect(cell.label).toBe('Nicht zuständig');
    expect(typeof cell.declines).toBe('number');
    expect(cell.declines as number).toBeGreaterThanOrEqual(crises.length);
    const csv = await (
      await call(
        'GET',
        `/quality-reports/export?from=${month}&to=${month}&agreementId=${AGREEMENT}&format=csv`,
        tokens.leitung!,
      )
    ).text();
    expect(csv).toMatch(/\ninterface,provider,org-traeger-birkenhof,[^\n]*,total,decline:not_responsible,\d+\r/);
  }, 240_000);
});
