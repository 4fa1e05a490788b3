import type { QualityReport } from '@hilfenetz/contracts';
import { qualityKey } from '@hilfenetz/projector';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { expectProblem, mintToken } from './attacks/attack-support';
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

/** The month the API counts in (Berlin time), as the report's `to`. */
/** The shown text of pdfkit's uncompressed content streams, as the timeline PDF test reads it. */
function pdfText(pdf: Buffer): string {
  return [...pdf.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)]
    .map((m) =>
      Buffer.from([...(m[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '').join(''), 'hex').toString(
        'latin1',
      ),
    )
    .join('\n');
}

const berlinMonth = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' }).format(d);

/**
 * The anonymised quality report (issue 18 §3) through HTTP with real tokens: crises are triggered,
 * acknowledged and declined for real; the report shows figures only for cells of five cases or
 * more and no identifier of any case of the period, and refuses short periods and foreign readers.
 */
describe('the quality report for the Runder Tisch', () => {
  const tokens: Record<string, string> = {};
  let db: DataSource;
  const month = berlinMonth(new Date());
  const cases: { caseId: string; crisisId: string; givenName: string; familyName: string }[] = [];

  beforeAll(async () => {
    for (const u of ['fachkraft', 'klinik', 'traeger', 'leitung', 'pruefung', 'klinik-nord'])
      tokens[u] = await tokenFor(stack.issuer, u);
    db = await openDataSource(stack.databaseUrl, 1);

    // Six crises: the clinic acknowledges each (a cell of ≥ 5), the Träger declines two (< 5).
    for (let i = 0; i < 6; i++) {
      const caseId = lindenauCaseId(`FALL-QB-${randomUUID().slice(0, 8)}`);
      const youngPerson = {
        givenName: `Qualia${i}`,
        familyName: `Berichtsfall${randomUUID().slice(0, 6)}`,
        dateOfBirth: '2012-03-04',
      };
      expect((await call('POST', '/cases', tokens.fachkraft!, { caseId, youngPerson })).status).toBe(201);
      const res = await call('POST', `/cases/${caseId}/crises`, tokens.fachkraft!, {
        dangerKind: 'self',
        urgency: 'immediate',
      });
      expect(res.status).toBe(201);
      const { crisisId } = (await res.json()) as { crisisId: string };
      cases.push({ caseId, crisisId, ...youngPerson });
    }
    for (const [i, c] of cases.entries()) {
      const base = `/cases/${c.caseId}/crises/${c.crisisId}/tasks`;
      await eventually(
        async () =>
          (await call('POST', `${base}/task-clinic/acknowledge`, tokens.klinik!, {})).status === 200 ? true : undefined,
        { what: 'the clinic acknowledges', timeoutMs: 45_000 },
      );
      if (i < 2) {
        const declined = await call('POST', `${base}/task-provider/decline`, tokens.traeger!, {
          reason: `Keine Kapazität für ${c.givenName} ${c.familyName}`,
        });
        expect(declined.status).toBe(200);
      }
    }
    // The projection follows the log by the projector's lag: wait until all six acknowledgements are in.
    const keys = cases.map((c) => qualityKey(c.crisisId, 'task-clinic'));
    await eventually(
      async () => {
        const rows: { n: string }[] = await db.query(
          `SELECT count(*) AS n FROM quality_task_facts WHERE task_key = ANY($1) AND ack_latency_seconds IS NOT NULL`,
          [keys],
        );
        return Number(rows[0]?.n) === cases.length ? true : undefined;
      },
      { what: 'the six acknowledgements in the quality facts', timeoutMs: 60_000 },
    );
  }, 300_000);
  afterAll(() => db?.destroy());

  const query = `from=${month}&to=${month}&agreementId=${AGREEMENT}`;

  it('shows a cell of five or more cases and suppresses every smaller one, matching the projection', async () => {
    const res = await call('GET', `/quality-reports?${query}`, tokens.leitung!);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const report = (await res.json()) as QualityReport;
    expect(report).toMatchObject({ agreementId: AGREEMENT, from: month, to: month, minimumCases: 5, months: [month] });

    const clinic = report.interfaces.find((i) => i.party === 'clinic' && i.organisationId === 'org-kjp-st-marien');
    expect(clinic?.organisationName).toEqual(expect.any(String));
    expect(typeof clinic?.total.acknowledged).toBe('number');
    expect(clinic!.total.acknowledged as number).toBeGreaterThanOrEqual(6);
    expect(typeof clinic?.total.latencyMedianSeconds).toBe('number');
    expect(typeof clinic?.total.latencyP90Seconds).toBe('number');
    expect(clinic!.total.latencyP90Seconds as number).toBeGreaterThanOrEqual(
      clinic!.total.latencyMedianSeconds as number,
    );

    // Every count cell is its number from the projection when ≥ 5, and "< 5" otherwise (0 included).
    // Other tests of the run add crises of their own, so the truth is the table, read after the report.
    const truth: Record<string, string | number>[] = await db.query(
      `SELECT party, organisation_id, count(*)::int AS tasks, count(ack_latency_seconds)::int AS acknowledged,
              count(*) FILTER (WHERE declined)::int AS declined
       FROM quality_task_facts WHERE agreement_id = $1 AND month = $2 GROUP BY party, organisation_id`,
      [AGREEMENT, month],
    );
    const cell = (n: number) => (n >= 5 ? n : '< 5');
    let suppressed = 0;
    for (const i of report.interfaces) {
      const row = truth.find((t) => t.party === i.party && t.organisation_id === i.organisationId)!;
      for (const figure of ['tasks', 'acknowledged', 'declined'] as const) {
        const shown = i.total[figure];
        // The table may have grown since the report was read; a shown number never exceeds it.
        if (shown === '< 5') suppressed++;
        else expect(shown).toBeGreaterThanOrEqual(5);
        if (shown !== '< 5') expect(shown).toBeLessThanOrEqual(Number(row[figure]));
      }
      expect(i.byMonth).toHaveLength(1);
    }
    expect(suppressed).toBeGreaterThan(0);
    const provider = report.interfaces.find(
      (i) => i.party === 'provider' && i.organisationId === 'org-traeger-birkenhof',
    );
    const providerDeclines = Number(
      truth.find((t) => t.party === 'provider' && t.organisation_id === 'org-traeger-birkenhof')?.declined,
    );
    expect(providerDeclines).toBeGreaterThanOrEqual(2);
    expect(provider?.total.declined).toEqual(cell(providerDeclines));
    // The auditor of an organisation of the agreement reads it too.
    expect((await call('GET', `/quality-reports?${query}`, tokens.pruefung!)).status).toBe(200);
  });

  it('names no case, crisis, subject or person of the period in the JSON, the CSV or the PDF', async () => {
    const json = await (await call('GET', `/quality-reports?${query}`, tokens.leitung!)).text();
    const csvRes = await call('GET', `/quality-reports/export?${query}&format=csv`, tokens.leitung!);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvRes.headers.get('content-disposition')).toMatch(/attachment/);
    const csv = await csvRes.text();
    expect(csv.split('\r\n')[0]).toBe('scope,party,organisationId,organisationName,month,figure,value');
    expect(csv).toContain(',< 5');
    const exportedJson = await (
      await call('GET', `/quality-reports/export?${query}&format=json`, tokens.leitung!)
    ).text();
    const pdfRes = await call('GET', `/quality-reports/export?${query}&format=pdf`, tokens.leitung!);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toMatch(/^application\/pdf/);
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    const pdfShown = pdfText(pdf);
    // The PDF shows the report (its heading), so an empty text would not pass for anonymous.
    expect(pdfShown).toContain('Qualit');

    // Every identifier of every case of the period: ours and the other tests', straight from the log.
    const ids: { v: string }[] = await db.query(
      `SELECT DISTINCT v FROM (
         SELECT data->>'caseId' AS v FROM events WHERE recorded_at >= date_trunc('month', now()) - interval '1 day'
         UNION SELECT data->>'crisisId' FROM events WHERE recorded_at >= date_trunc('month', now()) - interval '1 day'
         UNION SELECT jsonb_path_query(data, 'strict $.**.subjectId') #>> '{}' FROM events
           WHERE recorded_at >= date_trunc('month', now()) - interval '1 day'
       ) x WHERE v IS NOT NULL`,
    );
    const identifiers = [
      ...ids.map((r) => r.v),
      ...cases.flatMap((c) => [c.caseId, c.caseId.split('.').pop()!, c.crisisId, c.givenName, c.familyName]),
    ];
    expect(identifiers.length).toBeGreaterThan(cases.length * 4);
    for (const text of [json, csv, exportedJson, pdfShown]) {
      const found = identifiers.filter((id) => text.includes(id));
      expect(found).toEqual([]);
      // No exact time either: no ISO instant, no date with a day.
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
    // Nor anywhere in the PDF's bytes (metadata, uncompressed streams).
    const raw = pdf.toString('latin1');
    expect(identifiers.filter((id) => raw.includes(id))).toEqual([]);
  });

  it('refuses a period under a month, a foreign organisation’s reader and roles that may not read it', async () => {
    const shortPeriod = await call(
      'GET',
      `/quality-reports?from=${month}-01&to=${month}&agreementId=${AGREEMENT}`,
      tokens.leitung!,
    );
    const problem = await expectProblem(shortPeriod, 400);
    expect(problem.errors).toEqual([{ field: 'query.from', reason: expect.stringContaining('calendar month') }]);
    const csvShort = await call(
      'GET',
      `/quality-reports/export?from=${month}&to=${month}-15&agreementId=${AGREEMENT}`,
      tokens.leitung!,
    );
    expect((await expectProblem(csvShort, 400)).errors).toEqual([
      { field: 'query.to', reason: expect.stringContaining('calendar month') },
    ]);
    const reversed = await call(
      'GET',
      `/quality-reports?from=${month}&to=2000-01&agreementId=${AGREEMENT}`,
      tokens.leitung!,
    );
    expect((await expectProblem(reversed, 400)).errors).toEqual([
      { field: 'query.to', reason: 'must not be before from' },
    ]);
    const future = await call(
      'GET',
      `/quality-reports?from=${month}&to=9999-12&agreementId=${AGREEMENT}`,
      tokens.leitung!,
    );
    expect((await expectProblem(future, 400)).errors).toEqual([
      { field: 'query.to', reason: 'must not lie after the current month' },
    ]);
    const missing = await call('GET', `/quality-reports?from=${month}&to=${month}`, tokens.leitung!);
    expect((await expectProblem(missing, 400)).errors).toEqual([{ field: 'query.agreementId', reason: 'Required' }]);

    // A supervisor of the neighbouring district (no partner of the agreement): refused, nothing told.
    const foreign = await mintToken({
      username: 'leitung',
      claims: { org: 'org-jugendamt-nachbarkreis', sub: `nachbar-${randomUUID()}` },
    });
    const foreignRes = await call('GET', `/quality-reports?${query}`, foreign);
    const refused = await expectProblem(foreignRes, 403);
    expect(JSON.stringify(refused)).not.toContain('St. Marien');
    await expectProblem(await call('GET', `/quality-reports/export?${query}`, foreign), 403);
    // An unknown agreement answers the same as a foreign one.
    await expectProblem(
      await call('GET', `/quality-reports?from=${month}&to=${month}&agreementId=nirgendwo`, tokens.leitung!),
      403,
    );
    // Caseworkers and clinic staff do not read reports, whatever the agreement.
    await expectProblem(await call('GET', `/quality-reports?${query}`, tokens.fachkraft!), 403);
    await expectProblem(await call('GET', `/quality-reports?${query}`, tokens['klinik-nord']!), 403);
  });
});
