import type {
  InterfaceItem,
  InterfaceItemList,
  QualityReport,
  WeaknessEntry,
  WeaknessRegister,
} from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { expectProblem, mintToken } from './attacks/attack-support';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const AGREEMENT = 'lindenau-krisenkooperation';
const PROVIDER = 'org-traeger-birkenhof';

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

/**
 * The quality loop (issue 18 §3) through HTTP with real tokens on the real stack: the Träger
 * declines six crises for real; the lead office finds the declines in its list of items at the
 * interfaces, names their causes (a note that identifies anyone is refused and nothing stored), the
 * report counts the causes per interface with k = 5, an item goes into the agreement's register
 * and through its statuses; the PDF names no case, person or note.
 */
describe('the quality loop: error analysis at the interfaces and the register of weaknesses', () => {
  const tokens: Record<string, string> = {};
  let db: DataSource;
  const month = berlinMonth(new Date());
  const query = `from=${month}&to=${month}&agreementId=${AGREEMENT}`;
  const cases: { caseId: string; crisisId: string; givenName: string; familyName: string }[] = [];
  let declines: InterfaceItem[] = [];
  const anonymousNote = 'Rufbereitschaft des Trägers nachts nicht besetzt, Kette lief bis zur Leitung.';

  const annotationEventsOf = async (itemId: string) =>
    Number(
      (
        (await db.query(
          `SELECT count(*) AS n FROM events WHERE type = 'InterfaceItemAnnotated' AND data->>'itemId' = $1`,
          [itemId],
        )) as { n: string }[]
      )[0]?.n,
    );

  beforeAll(async () => {
    for (const u of ['fachkraft', 'klinik', 'traeger', 'leitung', 'pruefung', 'koordination'])
      tokens[u] = await tokenFor(stack.issuer, u);
    // The clinic's Leitung: a supervisor of a partner organisation of the agreement, not the lead office.
    tokens.klinikLeitung = await mintToken({
      username: 'leitung',
      claims: { org: 'org-kjp-st-marien', sub: `kjp-leitung-${randomUUID()}` },
    });
    tokens.nachbar = await mintToken({
      username: 'leitung',
      claims: { org: 'org-jugendamt-nachbarkreis', sub: `nachbar-${randomUUID()}` },
    });
    db = await openDataSource(stack.databaseUrl, 1);

    for (let i = 0; i < 6; i++) {
      const caseId = lindenauCaseId(`FALL-QL-${randomUUID().slice(0, 8)}`);
      const youngPerson = {
        givenName: `Loopa${i}`,
        familyName: `Schleifenfall${randomUUID().slice(0, 6)}`,
        dateOfBirth: '2011-05-06',
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
    for (const c of cases) {
      const base = `/cases/${c.caseId}/crises/${c.crisisId}/tasks`;
      await eventually(
        async () =>
          (
            await call('POST', `${base}/task-provider/decline`, tokens.traeger!, {
              reason: `Kein Platz für ${c.givenName} ${c.familyName}`,
            })
          ).status === 200
            ? true
            : undefined,
        { what: 'the Träger declines', timeoutMs: 45_000 },
      );
    }
    // The projector follows the log: wait until the six declines are items of the lead office's list.
    declines = await eventually(
      async () => {
        const res = await call('GET', `/quality-annotations/items?${query}`, tokens.fachkraft!);
        const list = (await res.json()) as InterfaceItemList;
        const ours = list.items.filter(
          (i) => i.kind === 'decline' && cases.some((c) => c.crisisId === i.crisisId && i.taskId === 'task-provider'),
        );
        return ours.length === cases.length ? ours : undefined;
      },
      { what: 'the six declines in the list of items', timeoutMs: 60_000 },
    );
  }, 300_000);
  afterAll(() => db?.destroy());

  it('lists the lead office’s own items with the agreement’s categories, and logs every case it shows', async () => {
    const res = await call('GET', `/quality-annotations/items?${query}`, tokens.leitung!);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const list = (await res.json()) as InterfaceItemList;
    expect(list.categories.map((c) => c.label)).toEqual([
      'Kontaktdaten veraltet',
      'Niemand im Dienst',
      'Zuständigkeit missverstanden',
      'Technisch',
      'Sonstiges',
    ]);
    const item = list.items.find((i) => i.itemId === declines[0]!.itemId)!;
    expect(item).toMatchObject({ kind: 'decline', party: 'provider', organisationId: PROVIDER, annotation: null });
    expect(item.organisationName).toEqual(expect.any(String));
    // Case data: the read of each listed case is in its access log, by the Leitung.
    const logged: { n: string }[] = await db.query(
      `SELECT count(DISTINCT case_id) AS n FROM case_access_log
       WHERE case_id = ANY($1) AND resource = 'crisis' AND user_role = 'supervisor'`,
      [cases.map((c) => c.caseId)],
    );
    expect(Number(logged[0]?.n)).toBe(cases.length);
  });

  it('refuses a note that identifies anyone or names a case, naming the field and why in German; nothing stored', async () => {
    const target = declines[0]!;
    const person = cases.find((c) => c.crisisId === target.crisisId)!;
    const named = await call('PUT', `/quality-annotations/items/${target.itemId}`, tokens.fachkraft!, {
      category: 'no_one_on_duty',
      note: `Frau ${person.familyName} hat nicht zurückgerufen, Handy 0171 2345678`,
    });
    const problem = await expectProblem(named, 400);
    expect(problem.errors).toEqual([
      { field: 'body.note', reason: expect.stringContaining('Name') },
      { field: 'body.note', reason: expect.stringContaining('Telefonnummer') },
    ]);
    expect(JSON.stringify(problem)).not.toContain(person.familyName);
    const reference = await call('PUT', `/quality-annotations/items/${target.itemId}`, tokens.fachkraft!, {
      category: 'no_one_on_duty',
      note: `Siehe ${person.caseId}, Geburtsdatum 06.05.2011`,
    });
    expect((await expectProblem(reference, 400)).errors).toEqual([
      { field: 'body.note', reason: expect.stringContaining('Datum') },
      { field: 'body.note', reason: expect.stringContaining('Aktenzeichen') },
    ]);
    const category = await call('PUT', `/quality-annotations/items/${target.itemId}`, tokens.fachkraft!, {
      category: 'wetter',
    });
    expect((await expectProblem(category, 400)).errors).toEqual([
      { field: 'body.category', reason: expect.stringContaining('no_one_on_duty') },
    ]);
    expect(await annotationEventsOf(target.itemId)).toBe(0);
  });

  it('records annotations as events with the note sealed; the report counts causes per interface with k = 5', async () => {
    for (const [i, item] of declines.entries()) {
      const res = await call('PUT', `/quality-annotations/items/${item.itemId}`, tokens.fachkraft!, {
        category: i < 5 ? 'no_one_on_duty' : 'technical',
        ...(i === 0 ? { note: anonymousNote } : {}),
      });
      expect(res.status).toBe(200);
      const annotated = (await res.json()) as InterfaceItem;
      expect(annotated.annotation?.category).toBe(i < 5 ? 'no_one_on_duty' : 'technical');
    }
    const [event]: { data: { note?: unknown; category: string } }[] = await db.query(
      `SELECT data FROM events WHERE type = 'InterfaceItemAnnotated' AND data->>'itemId' = $1`,
      [declines[0]!.itemId],
    );
    expect(event?.data.note).toMatchObject({ $sealed: 'A256GCM' });
    expect(JSON.stringify(event)).not.toContain('Rufbereitschaft');
    // The lead office reads its note back in the list.
    await eventually(
      async () => {
        const list = (await (
          await call('GET', `/quality-annotations/items?${query}`, tokens.fachkraft!)
        ).json()) as InterfaceItemList;
        const first = list.items.find((i) => i.itemId === declines[0]!.itemId);
        return first?.annotation?.note === anonymousNote ? true : undefined;
      },
      { what: 'the annotation in the list', timeoutMs: 30_000 },
    );

    const truth = async (category: string) =>
      Number(
        (
          (await db.query(
            `SELECT count(*) AS n FROM quality_cause_facts
             WHERE agreement_id = $1 AND month = $2 AND party = 'provider' AND organisation_id = $3 AND category = $4`,
            [AGREEMENT, month, PROVIDER, category],
          )) as { n: string }[]
        )[0]?.n,
      );
    await eventually(async () => ((await truth('no_one_on_duty')) >= 5 ? true : undefined), {
      what: 'five causes in the quality facts',
      timeoutMs: 30_000,
    });
    const report = (await (await call('GET', `/quality-reports?${query}`, tokens.pruefung!)).json()) as QualityReport;
    const provider = report.interfaces.find((i) => i.party === 'provider' && i.organisationId === PROVIDER)!;
    const cause = (id: string) => provider.causes.find((c) => c.category === id)?.items;
    const cell = (n: number) => (n >= 5 ? n : '< 5');
    expect(cause('no_one_on_duty')).toEqual(cell(await truth('no_one_on_duty')));
    expect(typeof cause('no_one_on_duty')).toBe('number');
    expect(cause('technical')).toEqual(cell(await truth('technical')));
    expect(cause('contact_data_outdated')).toEqual(cell(await truth('contact_data_outdated')));
    expect(provider.causes.map((c) => c.label)).toContain('Niemand im Dienst');
  });

  it('exports the report as a PDF with charts that names no case, subject, person or note of the period', async () => {
    const res = await call('GET', `/quality-reports/export?${query}&format=pdf`, tokens.koordination!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment.*\.pdf/);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Qualitätsbericht (anonymisiert)');
    expect(text).toContain('Median Auslösung bis Bestätigung (s) je Monat');
    expect(text).toContain('Niemand im Dienst');
    expect(text).toContain('< 5');

    const ids: { v: string }[] = await db.query(
      `SELECT DISTINCT v FROM (
         SELECT data->>'caseId' AS v FROM events WHERE recorded_at >= date_trunc('month', now()) - interval '1 day'
         UNION SELECT data->>'crisisId' FROM events WHERE recorded_at >= date_trunc('month', now()) - interval '1 day'
         UNION SELECT data->>'itemId' FROM events WHERE recorded_at >= date_trunc('month', now()) - interval '1 day'
         UNION SELECT jsonb_path_query(data, 'strict $.**.subjectId') #>> '{}' FROM events
           WHERE recorded_at >= date_trunc('month', now()) - interval '1 day'
       ) x WHERE v IS NOT NULL`,
    );
    const identifiers = [
      ...ids.map((r) => r.v),
      ...cases.flatMap((c) => [c.caseId, c.caseId.split('.').pop()!, c.crisisId, c.givenName, c.familyName]),
      'Rufbereitschaft des Trägers',
    ];
    expect(identifiers.length).toBeGreaterThan(cases.length * 4);
    const raw = pdf.toString('latin1');
    expect(identifiers.filter((id) => text.includes(id) || raw.includes(id))).toEqual([]);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('keeps the register: the lead office promotes and moves an item on, every partner’s Leitung and Prüfung reads it', async () => {
    const item = declines[1]!;
    const identifying = await call('POST', '/weakness-register', tokens.fachkraft!, {
      agreementId: AGREEMENT,
      sourceItemId: item.itemId,
      kind: 'weakness',
      what: 'Rufbereitschaft des Trägers nachts unbesetzt',
      example: `Am 03.12. war niemand erreichbar, mail an bereitschaft@traeger.example`,
    });
    expect((await expectProblem(identifying, 400)).errors).toEqual([
      { field: 'body.example', reason: expect.stringContaining('Datum') },
      { field: 'body.example', reason: expect.stringContaining('E-Mail') },
    ]);
    const stored: { n: string }[] = await db.query(
      `SELECT count(*) AS n FROM events WHERE type = 'WeaknessRegistered' AND data->>'sourceItemId' = $1`,
      [item.itemId],
    );
    expect(Number(stored[0]?.n)).toBe(0);
    // An item without an annotation is not promoted.
    const unannotated = (
      (await (await call('GET', `/quality-annotations/items?${query}`, tokens.fachkraft!)).json()) as InterfaceItemList
    ).items.find((i) => i.annotation === null);
    if (unannotated) {
      const refused = await call('POST', '/weakness-register', tokens.fachkraft!, {
        agreementId: AGREEMENT,
        sourceItemId: unannotated.itemId,
        kind: 'weakness',
        what: 'Etwas ohne Ursache',
        example: 'Noch nicht analysiert.',
      });
      expect((await expectProblem(refused, 400)).errors).toEqual([
        { field: 'body.sourceItemId', reason: 'the item has no cause annotation yet' },
      ]);
    }

    const created = await call('POST', '/weakness-register', tokens.fachkraft!, {
      agreementId: AGREEMENT,
      sourceItemId: item.itemId,
      kind: 'change_proposal',
      what: 'Rufbereitschaft des Trägers nachts unbesetzt',
      example: 'Nachts lehnte der Träger ab, die Kette lief ohne Vertretung bis zur Leitung.',
    });
    expect(created.status).toBe(201);
    const entry = (await created.json()) as WeaknessEntry;
    expect(entry).toMatchObject({
      kind: 'change_proposal',
      party: 'provider',
      organisationId: PROVIDER,
      category: 'no_one_on_duty',
      categoryLabel: 'Niemand im Dienst',
      status: 'open',
      registeredBy: { role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
    });
    const entryOf = async (token: string) => {
      const res = await call('GET', `/weakness-register?agreementId=${AGREEMENT}`, token);
      expect(res.status).toBe(200);
      return ((await res.json()) as WeaknessRegister).entries.find((e) => e.weaknessId === entry.weaknessId);
    };
    await eventually(async () => ((await entryOf(tokens.leitung!)) ? true : undefined), {
      what: 'the entry in the register',
      timeoutMs: 30_000,
    });

    // Only the lead office changes it; the clinic's Leitung reads it but is refused a change.
    const byClinic = await call('POST', `/weakness-register/${entry.weaknessId}/status`, tokens.klinikLeitung!, {
      status: 'resolved',
    });
    await expectProblem(byClinic, 403);
    for (const status of ['to_committee', 'adopted_in_agreement', 'resolved'] as const) {
      const res = await call('POST', `/weakness-register/${entry.weaknessId}/status`, tokens.leitung!, { status });
      expect(res.status).toBe(200);
      expect(((await res.json()) as WeaknessEntry).status).toBe(status);
      await eventually(async () => ((await entryOf(tokens.leitung!))?.status === status ? true : undefined), {
        what: `the status ${status}`,
        timeoutMs: 30_000,
      });
    }
    const finalEntry = (await entryOf(tokens.klinikLeitung!))!;
    expect(finalEntry.history.map((h) => h.status)).toEqual([
      'open',
      'to_committee',
      'adopted_in_agreement',
      'resolved',
    ]);
    expect(finalEntry.statusChangedBy).toMatchObject({ role: 'supervisor', organisationId: 'org-jugendamt-lindenau' });
    expect(finalEntry.example).toBe('Nachts lehnte der Träger ab, die Kette lief ohne Vertretung bis zur Leitung.');
    // The auditor and the network coordinator read it too; a bad status is refused naming the field.
    expect(await entryOf(tokens.pruefung!)).toBeDefined();
    expect(await entryOf(tokens.koordination!)).toBeDefined();
    const bad = await call('POST', `/weakness-register/${entry.weaknessId}/status`, tokens.leitung!, { status: 'weg' });
    expect((await expectProblem(bad, 400)).errors).toEqual([{ field: 'body.status', reason: expect.any(String) }]);
  });

  it('refuses another district: no list, no register, and an item of Lindenau answers like none', async () => {
    await expectProblem(await call('GET', `/quality-annotations/items?${query}`, tokens.nachbar!), 403);
    await expectProblem(await call('GET', `/weakness-register?agreementId=${AGREEMENT}`, tokens.nachbar!), 403);
    const foreignCaseworker = await mintToken({
      username: 'fachkraft',
      claims: { org: 'org-jugendamt-nachbarkreis', sub: `nachbar-fk-${randomUUID()}` },
    });
    const put = await call('PUT', `/quality-annotations/items/${declines[2]!.itemId}`, foreignCaseworker, {
      category: 'technical',
    });
    const hidden = await expectProblem(put, 404);
    expect(JSON.stringify(hidden)).not.toContain(cases[0]!.caseId.split('.').pop()!);
    // Partners of the agreement that do not lead the cases see no list and change no item either.
    await expectProblem(await call('GET', `/quality-annotations/items?${query}`, tokens.klinikLeitung!), 403);
    await expectProblem(
      await call('PUT', `/quality-annotations/items/${declines[2]!.itemId}`, tokens.klinikLeitung!, {
        category: 'technical',
      }),
      404,
    );
    // Roles without a part in the loop.
    await expectProblem(await call('GET', `/weakness-register?agreementId=${AGREEMENT}`, tokens.klinik!), 403);
    await expectProblem(await call('GET', `/quality-annotations/items?${query}`, tokens.traeger!), 403);
  });
});
