import type { AnnualGoalList, NetworkWeaknessEntry, NetworkWeaknessRegister } from '@hilfenetz/contracts';
import { eventually, openDataSource } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';
import { usersApi } from './support/users-api';

const stack = e2eStack();

const HEBAMMEN = 'org-hebammendienst-lindenau';
const BIRKENHOF = 'org-traeger-birkenhof';
const tag = randomUUID().slice(0, 8);
const networkId = `net-e2e-reg-${tag}`;
const year = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(new Date()),
);

/**
 * Issue 17 part 7 (seeds 003 Darmstadt-Dieburg: a register of what goes wrong at the interfaces,
 * raised with politics; 004 Stormarn: error analysis and annual sub-goals presented to the
 * Jugendhilfeausschuss): members record weaknesses, the coordinating office groups them and
 * proposes them to the committee, sets annual goals, and downloads the annual report — counts only.
 */
describe('the network’s register of weaknesses, annual goals and annual report (issue 17 part 7)', () => {
  const { login, call, problem } = usersApi(stack.apiUrl, stack.issuer);
  let ds: DataSource;
  const contactName = `Hanna Sommerfeld ${tag}`;
  const familyName = `Jana Brückner ${tag}`;
  let referralId = '';
  let consultationId = '';

  const registerOf = async (user: string): Promise<NetworkWeaknessRegister> => {
    const res = await call('GET', `/networks/${networkId}/weakness-register`, user);
    expect(res.status).toBe(200);
    return (await res.json()) as NetworkWeaknessRegister;
  };
  const entry = (id: string, ready: (e: NetworkWeaknessEntry) => boolean = () => true) =>
    eventually(async () => (await registerOf('koordination')).entries.find((e) => e.weaknessId === id && ready(e)), {
      what: `register entry ${id}`,
      // The list follows the projector, which lags on a busy machine.
      timeoutMs: 60_000,
    });
  const registerEvents = async (): Promise<{ type: string }[]> =>
    ds.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      `weakness-register-network-${networkId}`,
    ]);

  beforeAll(async () => {
    await login(...['koordination', 'kontakt-hebammen', 'traeger', 'klinik', 'leitung']);
    ds = await openDataSource(stack.databaseUrl, 1);
    expect(
      (
        await call('POST', '/networks', 'koordination', {
          networkId,
          name: `Frühe Hilfen Lindenau (Register ${tag})`,
          kind: 'fruehe_hilfen',
          region: 'Landkreis Lindenau',
          coordinatingOrganisationIds: ['org-jugendamt-lindenau'],
        })
      ).status,
    ).toBe(201);
    for (const [organisationId, name, kind] of [
      [HEBAMMEN, 'Hebammendienst Lindenau', 'hebammendienst'],
      [BIRKENHOF, 'Träger Birkenhof', 'traeger'],
    ] as const) {
      const joined = await call('POST', `/networks/${networkId}/partners`, 'koordination', {
        organisationId,
        profile: { name, kind, targetGroups: ['familien_0_3'], region: 'Lindenau' },
      });
      expect(joined.status).toBe(204);
    }
    // What the report must count without naming: a contact, an offer, a consultation, a referral.
    expect(
      (
        await call('POST', `/networks/${networkId}/partners/${HEBAMMEN}/contact`, 'kontakt-hebammen', {
          details: {
            name: contactName,
            function: 'Koordination',
            phone: '07621 410-5210',
            email: `sommerfeld.${tag}@hebammen.example`,
            hours: 'Mo–Do 9–12 Uhr',
          },
          consent: { givenOn: '2026-11-01', scope: ['network_directory'] },
        })
      ).status,
    ).toBe(201);
    const offer = await call('POST', `/networks/${networkId}/offers`, 'kontakt-hebammen', {
      offer: {
        title: 'Familienhebamme',
        description: 'Hausbesuche im ersten Lebensjahr.',
        targetGroups: ['familien_0_3'],
        region: 'Lindenau',
        place: 'Hausbesuch',
        howToReach: 'Zentrale 07621 410-5200',
        cost: 'kostenlos',
        languages: ['de'],
      },
    });
    const { offerId } = (await offer.json()) as { offerId: string };
    const consultation = await call('POST', `/networks/${networkId}/consultations`, 'traeger', {
      addressedTo: { kind: 'network' },
      topic: 'Übergang Klinik – Nachsorge',
      question: 'Wie gelingt die Nachsorge, wenn eine Familie nach der Geburt keine Hebamme findet?',
    });
    consultationId = ((await consultation.json()) as { consultationId: string }).consultationId;
    const referral = await call('POST', `/networks/${networkId}/referrals`, 'traeger', {
      toOrganisationId: HEBAMMEN,
      offerId,
      family: { name: familyName, phone: '0176 5550123', needs: 'Hilfe beim Stillen.' },
      consent: { givenBy: 'mutter', givenOn: '2026-11-30', scope: ['kontaktdaten_weitergeben'] },
    });
    referralId = ((await referral.json()) as { referralId: string }).referralId;
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('members record weaknesses without identifying data; the coordinating office groups, proposes and tracks them', async () => {
    // Identifying text is refused, naming the field; nothing is stored.
    const named = await problem(
      await call('POST', `/networks/${networkId}/weakness-register`, 'kontakt-hebammen', {
        what: 'Entlassung ohne Übergabe an die Nachsorge',
        where: 'Geburtsklinik → Familienhebamme',
        example: 'Frau Kowalski wurde am 12.11.2026 ohne Nachricht entlassen.',
      }),
      400,
    );
    expect(named.errors?.map((e) => e.field)).toEqual(['body.example', 'body.example']);
    await problem(
      await call('POST', `/networks/${networkId}/weakness-register`, 'klinik', {
        what: 'Eine Schwachstelle',
        where: 'irgendwo',
        example: 'ein Beispiel',
      }),
      403,
    );
    expect(await registerEvents()).toEqual([]);

    const record = async (user: string, what: string, where: string, example: string) => {
      const res = await call('POST', `/networks/${networkId}/weakness-register`, user, { what, where, example });
      expect(res.status).toBe(201);
      return ((await res.json()) as { weaknessId: string }).weaknessId;
    };
    const first = await record(
      'kontakt-hebammen',
      'Entlassung ohne Übergabe an die Nachsorge',
      'Geburtsklinik → Familienhebamme',
      'Eine Familie wurde am Wochenende entlassen, die Hebamme erfuhr es erst Tage später.',
    );
    const second = await record(
      'traeger',
      'Rückmeldung nach Vermittlung fehlt',
      'Jugendamt → Träger',
      'Nach einer Vermittlung blieb offen, ob die Hilfe begonnen hat.',
    );

    // A partner cannot group or move entries; the coordinating office does, with who and when.
    await problem(
      await call('POST', `/networks/${networkId}/weakness-register/grouping`, 'kontakt-hebammen', {
        weaknessIds: [first],
        group: 'Übergänge',
      }),
      403,
    );
    expect(
      (
        await call('POST', `/networks/${networkId}/weakness-register/grouping`, 'koordination', {
          weaknessIds: [first, second],
          group: 'Übergänge zwischen Stellen',
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await call('POST', `/networks/${networkId}/weakness-register/${first}/proposal`, 'koordination', {
          target: 'jugendhilfeausschuss',
          proposal: 'Verbindliche Entlassmeldung der Geburtskliniken an die Frühen Hilfen.',
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await call('POST', `/networks/${networkId}/weakness-register/${first}/status`, 'koordination', {
          status: 'to_committee',
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await call('POST', `/networks/${networkId}/weakness-register/${second}/proposal`, 'koordination', {
          target: 'naechste_vereinbarung',
          proposal: 'Rückmeldung an den vermittelnden Partner in die Vereinbarung aufnehmen.',
        })
      ).status,
    ).toBe(204);
    await problem(
      await call('POST', `/networks/${networkId}/weakness-register/w-${randomUUID()}/status`, 'koordination', {
        status: 'resolved',
      }),
      404,
    );

    const moved = await entry(first, (e) => e.status === 'to_committee' && e.proposal !== null);
    expect(moved).toMatchObject({
      group: 'Übergänge zwischen Stellen',
      proposal: { target: 'jugendhilfeausschuss' },
      statusChangedBy: { role: 'network_coordinator', organisationId: 'org-jugendamt-lindenau' },
    });
    expect(moved.history.map((h) => h.status)).toEqual(['open', 'to_committee']);
    expect((await entry(second, (e) => e.proposal !== null)).proposal?.target).toBe('naechste_vereinbarung');
    // The same register (one table, one projection): the agreement scope does not list network entries.
    const [row]: { scope: string; agreement_id: string | null }[] = await ds.query(
      `SELECT scope, agreement_id FROM weakness_register WHERE weakness_id = $1`,
      [first],
    );
    expect(row).toEqual({ scope: 'network', agreement_id: null });
    const members = await registerOf('kontakt-hebammen');
    expect(members.callerIsCoordinator).toBe(false);
    expect(members.entries.map((e) => e.weaknessId).sort()).toEqual([first, second].sort());
  });

  it('annual goals with an implementation plan and status, set by the coordinating office', async () => {
    const goal = {
      year,
      title: 'Entlassmanagement der Geburtskliniken verbindlich regeln',
      plan: [
        { step: 'Gespräch mit den Geburtskliniken', organisationId: 'org-jugendamt-lindenau', dueMonth: `${year}-03` },
        { step: 'Entlassmeldung erproben', organisationId: HEBAMMEN },
      ],
    };
    await problem(await call('POST', `/networks/${networkId}/annual-goals`, 'kontakt-hebammen', goal), 403);
    const stranger = await problem(
      await call('POST', `/networks/${networkId}/annual-goals`, 'koordination', {
        ...goal,
        plan: [{ step: 'Etwas tun', organisationId: 'org-kjp-st-marien' }],
      }),
      404,
    );
    expect(stranger.errors?.[0]?.field).toBe('body.plan.0.organisationId');
    const created = await call('POST', `/networks/${networkId}/annual-goals`, 'koordination', goal);
    expect(created.status).toBe(201);
    const { goalId } = (await created.json()) as { goalId: string };
    expect(
      (
        await call('POST', `/networks/${networkId}/annual-goals/${goalId}/status`, 'koordination', {
          status: 'in_progress',
        })
      ).status,
    ).toBe(204);
    const res = await call('GET', `/networks/${networkId}/annual-goals`, 'kontakt-hebammen');
    const { goals } = (await res.json()) as AnnualGoalList;
    expect(goals).toHaveLength(1);
    expect(goals[0]).toMatchObject({ title: goal.title, status: 'in_progress', plan: goal.plan });
    expect(goals[0]!.history.map((h) => h.status)).toEqual(['planned', 'in_progress']);
  });

  it('the annual report is a PDF of counts: no name, contact, family or reference appears; non-members get 403', async () => {
    await problem(await call('GET', `/networks/${networkId}/annual-report?year=${year}`, 'klinik'), 403);
    await problem(await call('GET', `/networks/${networkId}/annual-report?year=abc`, 'koordination'), 400);
    // The report counts the read models; wait until the projector has the referral and consultation.
    await eventually(async () => {
      const [n]: { n: string }[] = await ds.query(
        `SELECT (SELECT count(*) FROM network_referrals WHERE network_id = $1)
              + (SELECT count(*) FROM network_consultations WHERE network_id = $1) AS n`,
        [networkId],
      );
      return Number(n?.n) === 2 ? true : undefined;
    });
    const res = await call('GET', `/networks/${networkId}/annual-report?year=${year}`, 'koordination');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = bytes.toString('latin1');
    // Uncompressed: pdfkit writes each line as a TJ array of hex glyph strings (as the quality report test reads it).
    const text = [...raw.matchAll(/\[([^\]]*)\]\s*TJ/g)]
      .map((m) =>
        Buffer.from([...(m[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '').join(''), 'hex').toString(
          'latin1',
        ),
      )
      .join('\n');
    expect(text).toContain('Jahresbericht');
    expect(text).toContain('Vermittlungen: 1');
    expect(text).toContain('Anfragen: 1');
    expect(text).toContain('Einträge insgesamt: 2');
    expect(text).toContain('Im Jahr angesetzte Treffen: 0');
    expect(text).toContain('Partner (heute): 2');
    for (const secret of [
      contactName,
      'Sommerfeld',
      familyName,
      'Brückner',
      '0176',
      '07621',
      'hebammen.example',
      referralId,
      consultationId,
      'Kowalski',
      'Wochenende entlassen',
    ]) {
      expect(text).not.toContain(secret);
      expect(raw).not.toContain(secret);
    }
  });
});
