import type { NetworkSummary, NetworkView, PublicOfferList } from '@hilfenetz/contracts';
import { lindenauAgreementV1 } from '@hilfenetz/domain';
import { parseMasterKey, PersonalDataVault, PostgresEventStore, verifyHoldsAndKeys } from '@hilfenetz/event-store';
import { eventually, openDataSource, stopApp, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';
import { startOwnApi } from './support/own-api';

const stack = e2eStack();

interface Problem {
  status: number;
  title: string;
  errors?: { field: string; reason: string }[];
}

const HEBAMMEN = 'org-hebammendienst-lindenau';
const tag = randomUUID().slice(0, 8);
const networkId = `net-e2e-${tag}`;
/** Fictional partners of this run only, so no other test sees them. */
const familienbildung = `org-e2e-${tag}-familienbildung`;
const praxis = `org-e2e-${tag}-kinderarztpraxis`;

const contact = {
  name: `Hanna Sommerfeld ${tag}`,
  function: 'Koordination Familienhebammen',
  phone: '07621 410-5210',
  email: `h.sommerfeld.${tag}@hebammen.example`,
  hours: 'Mo–Do 9–12 Uhr',
  deputy: { name: `Petra Lindholm ${tag}`, phone: '07621 410-5211' },
};

const offer = {
  title: `Familienhebamme zu Hause ${tag}`,
  description: 'Hausbesuche in Schwangerschaft und im ersten Lebensjahr, auch am Wochenende.',
  targetGroups: ['schwangerschaft', 'familien_0_3'],
  region: 'Lindenau-Nord',
  place: 'Hausbesuch im Landkreis Lindenau',
  howToReach: 'Telefon 07621 410-5200 (Zentrale), Mo–Fr 8–16 Uhr',
  cost: 'kostenlos',
  languages: ['de', 'tr'],
};

describe('the network itself: networks and partners, named contacts with consent, offers (issue 17)', () => {
  const tokens: Record<string, string> = {};
  let ds: DataSource;

  const call = async (method: string, path: string, user: string | null, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${tokens[user]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${stack.apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  const problem = async (res: Response, status: number): Promise<Problem> => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return (await res.json()) as Problem;
  };
  const view = async (user: string): Promise<NetworkView> => {
    const res = await call('GET', `/networks/${networkId}`, user);
    expect(res.status).toBe(200);
    return (await res.json()) as NetworkView;
  };
  const eventsOf = async (): Promise<{ type: string; data: string }[]> =>
    ds.query(`SELECT type, data::text AS data FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      `network-${networkId}`,
    ]);
  const publicOffers = async (query = ''): Promise<PublicOfferList> => {
    const res = await call('GET', `/public/offers${query}`, null);
    expect(res.status).toBe(200);
    return (await res.json()) as PublicOfferList;
  };

  beforeAll(async () => {
    for (const user of ['koordination', 'kontakt-hebammen', 'fachkraft', 'traeger']) {
      tokens[user] = await tokenFor(stack.issuer, user);
    }
    ds = await openDataSource(stack.databaseUrl, 1);
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('part 1: the coordinating office founds the network, partners join with a profile and leave; nobody else manages membership', async () => {
    const founding = {
      networkId,
      name: `Frühe Hilfen Lindenau (e2e ${tag})`,
      kind: 'fruehe_hilfen',
      region: 'Landkreis Lindenau',
      coordinatingOrganisationIds: ['org-jugendamt-lindenau'],
      subNetworks: [
        { subNetworkId: 'nord', name: 'Netzwerk Nord', region: 'Lindenau-Nord' },
        { subNetworkId: 'sued', name: 'Netzwerk Süd', region: 'Lindenau-Süd' },
      ],
    };
    // Only a network coordinator founds, and only for a network their own office coordinates.
    await problem(await call('POST', '/networks', 'fachkraft', founding), 403);
    await problem(await call('POST', '/networks', 'kontakt-hebammen', founding), 403);
    const foreign = await problem(
      await call('POST', '/networks', 'koordination', {
        ...founding,
        coordinatingOrganisationIds: ['org-jugendamt-nachbarkreis'],
      }),
      403,
    );
    expect(foreign.errors).toContainEqual(expect.objectContaining({ field: 'body.coordinatingOrganisationIds' }));
    const invalid = await problem(await call('POST', '/networks', 'koordination', { ...founding, kind: 'club' }), 400);
    expect(invalid.errors?.[0]?.field).toBe('body.kind');
    expect(await eventsOf()).toEqual([]);

    const created = await call('POST', '/networks', 'koordination', founding);
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ networkId });
    await problem(await call('POST', '/networks', 'koordination', founding), 409);

    const profile = {
      name: 'Hebammendienst Lindenau',
      kind: 'hebammendienst',
      targetGroups: ['schwangerschaft', 'familien_0_3'],
      region: 'Lindenau-Nord',
      subNetworkId: 'nord',
    };
    const join = (organisationId: string, p: Record<string, unknown>, user = 'koordination') =>
      call('POST', `/networks/${networkId}/partners`, user, { organisationId, profile: p });
    // A partner cannot add partners; a sub-network must exist; a signed agreement must be signed.
    await problem(await join(HEBAMMEN, profile, 'kontakt-hebammen'), 403);
    const unknownSub = await problem(await join(HEBAMMEN, { ...profile, subNetworkId: 'mitte' }), 422);
    expect(unknownSub.errors).toContainEqual(expect.objectContaining({ field: 'body.profile.subNetworkId' }));
    const unsigned = await problem(
      await join(HEBAMMEN, {
        ...profile,
        signedAgreement: { agreementId: 'lindenau-krisenkooperation', version: '1999-1' },
      }),
      422,
    );
    expect(unsigned.errors).toContainEqual(expect.objectContaining({ field: 'body.profile.signedAgreement' }));
    const badKind = await problem(await join(HEBAMMEN, { ...profile, kind: 'friseur' }), 400);
    expect(badKind.errors?.[0]?.field).toBe('body.profile.kind');

    expect((await join(HEBAMMEN, profile)).status).toBe(204);
    await problem(await join(HEBAMMEN, profile), 409);
    expect(
      (
        await join(familienbildung, {
          name: 'Familienbildungsstätte Lindenau',
          kind: 'familienbildung',
          targetGroups: ['familien_0_3', 'familien_3_6'],
          region: 'Lindenau-Süd',
          subNetworkId: 'sued',
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await join(praxis, {
          name: 'Kinderarztpraxis am Markt',
          kind: 'kinderarztpraxis',
          targetGroups: ['familien_0_3'],
          region: 'Lindenau-Nord',
        })
      ).status,
    ).toBe(204);
    const changed = await call('PUT', `/networks/${networkId}/partners/${praxis}`, 'koordination', {
      profile: {
        name: 'Kinderarztpraxis am Markt',
        kind: 'kinderarztpraxis',
        targetGroups: ['familien_0_3', 'familien_3_6'],
        region: 'Lindenau-Nord',
      },
    });
    expect(changed.status).toBe(204);
    await problem(await call('DELETE', `/networks/${networkId}/partners/${praxis}`, 'kontakt-hebammen'), 403);
    expect((await call('DELETE', `/networks/${networkId}/partners/${praxis}`, 'koordination')).status).toBe(204);
    await problem(await call('DELETE', `/networks/${networkId}/partners/${praxis}`, 'koordination'), 404);

    // Partners and coordinators see the directory; every partner without a contact shows it.
    const seen = await view('kontakt-hebammen');
    expect(seen.partners.map((p) => [p.organisationId, p.kind, p.subNetworkId, p.contactStatus])).toEqual([
      [HEBAMMEN, 'hebammendienst', 'nord', 'missing'],
      [familienbildung, 'familienbildung', 'sued', 'missing'],
    ]);
    expect(seen.callerIs).toEqual({ coordinator: false, partnerOrganisationId: HEBAMMEN });
    expect((await view('koordination')).callerIs).toEqual({ coordinator: true, partnerOrganisationId: null });
    await problem(await call('GET', `/networks/${networkId}`, 'fachkraft'), 403);
    await problem(await call('GET', `/networks/net-e2e-none-${tag}`, 'koordination'), 404);

    // Joining and leaving are events in the log.
    expect((await eventsOf()).map((e) => e.type)).toEqual([
      'NetworkFounded',
      'NetworkPartnerJoined',
      'NetworkPartnerJoined',
      'NetworkPartnerJoined',
      'NetworkPartnerProfileChanged',
      'NetworkPartnerLeft',
    ]);
    // A partner names the agreement version it signed (the built-in Lindenau version, signed by all).
    const signed = { agreementId: lindenauAgreementV1.agreementId, version: lindenauAgreementV1.version };
    expect(
      (
        await join('org-traeger-birkenhof', {
          name: 'Wohngruppe Birkenhof',
          kind: 'traeger',
          targetGroups: ['jugendliche'],
          region: 'Lindenau-Süd',
          signedAgreement: signed,
        })
      ).status,
    ).toBe(204);
    expect(
      (await view('koordination')).partners.find((p) => p.organisationId === 'org-traeger-birkenhof')?.signedAgreement,
    ).toEqual(signed);
    // An organisation the version does not name has not signed it.
    await problem(
      await join(`org-e2e-${tag}-unsigned`, { ...profile, name: 'Ohne Unterschrift', signedAgreement: signed }),
      422,
    );
    expect((await call('DELETE', `/networks/${networkId}/partners/org-traeger-birkenhof`, 'koordination')).status).toBe(
      204,
    );
    // Who did it, in which role and organisation: the events' metadata.
    const [founded] = (await ds.query(`SELECT metadata FROM events WHERE stream_id = $1 AND stream_version = 1`, [
      `network-${networkId}`,
    ])) as { metadata: { actorId: string; actorRole: string; organisationId: string } }[];
    expect(founded?.metadata).toMatchObject({
      actorId: 'u-ja-0400',
      actorRole: 'network_coordinator',
      organisationId: 'org-jugendamt-lindenau',
    });
    // The read model lists the network for both of its members' users.
    for (const user of ['koordination', 'kontakt-hebammen']) {
      await eventually(
        async () => {
          const res = await call('GET', '/networks', user);
          const mine = (await res.json()) as NetworkSummary[];
          return mine.some((n) => n.networkId === networkId) ? true : undefined;
        },
        { what: `${user} sees the network in GET /networks` },
      );
    }
  });

  it('part 1: a coordinator of another network cannot manage it, and a non-member cannot read it', async () => {
    const foreignId = `net-e2e-foreign-${tag}`;
    await new PostgresEventStore(ds).append(`network-${foreignId}`, [
      {
        eventId: randomUUID(),
        type: 'NetworkFounded',
        schemaVersion: 1,
        data: {
          networkId: foreignId,
          name: 'Kooperationsnetz Nachbarkreis',
          kind: 'cooperation',
          region: 'Nachbarkreis',
          coordinatingOrganisationIds: ['org-jugendamt-nachbarkreis'],
          subNetworks: [],
          foundedAt: new Date().toISOString(),
        },
        metadata: { actorId: 'u-jn-0001', actorRole: 'network_coordinator', correlationId: 'e2e' },
      },
    ]);
    const refused = await problem(
      await call('POST', `/networks/${foreignId}/partners`, 'koordination', {
        organisationId: HEBAMMEN,
        profile: { name: 'Hebammendienst', kind: 'hebammendienst', targetGroups: ['familien_0_3'], region: 'Nord' },
      }),
      403,
    );
    expect(refused.title).toBe('Not the coordinating office');
    await problem(await call('GET', `/networks/${foreignId}`, 'kontakt-hebammen'), 403);
    await problem(await call('GET', `/networks/${foreignId}`, 'koordination'), 403);
    expect(
      await ds.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [`network-${foreignId}`]),
    ).toEqual([{ n: 1 }]);
  });

  it('part 2: no consent, no contact; the contact keeps their own entry, sealed; outside reads are logged; withdrawal shreds the key', async () => {
    const path = `/networks/${networkId}/partners/${HEBAMMEN}/contact`;
    const before = (await eventsOf()).length;
    const noConsent = await problem(await call('POST', path, 'kontakt-hebammen', { details: contact }), 400);
    expect(noConsent.errors).toContainEqual(expect.objectContaining({ field: 'body.consent' }));
    const future = await problem(
      await call('POST', path, 'kontakt-hebammen', {
        details: contact,
        consent: { givenOn: '2999-01-01', scope: ['network_directory'] },
      }),
      422,
    );
    expect(future.errors).toContainEqual(expect.objectContaining({ field: 'body.consent.givenOn' }));
    // Another partner's contact is not yours to record.
    await problem(
      await call('POST', `/networks/${networkId}/partners/${familienbildung}/contact`, 'kontakt-hebammen', {
        details: contact,
        consent: { givenOn: '2026-01-15', scope: ['network_directory'] },
      }),
      403,
    );
    expect((await eventsOf()).length).toBe(before);

    const recorded = await call('POST', path, 'kontakt-hebammen', {
      details: contact,
      consent: { givenOn: '2026-01-15', scope: ['network_directory', 'coordination_mail'] },
    });
    expect(recorded.status).toBe(201);
    const { contactId } = (await recorded.json()) as { contactId: string };
    await problem(
      await call('POST', path, 'koordination', {
        details: contact,
        consent: { givenOn: '2026-01-15', scope: ['network_directory'] },
      }),
      409,
    );

    // Own people read without a log entry; the coordinating office reads and is logged.
    const own = await view('kontakt-hebammen');
    expect(own.partners[0]).toMatchObject({
      contactStatus: 'present',
      contact: {
        contactId,
        consent: { givenOn: '2026-01-15', scope: ['network_directory', 'coordination_mail'], recordedBy: 'u-hb-0001' },
        details: contact,
      },
    });
    const logOf = async () =>
      (await ds.query(
        `SELECT reader_id, reader_organisation_id FROM partner_contact_access_log WHERE contact_id = $1 ORDER BY id`,
        [contactId],
      )) as { reader_id: string; reader_organisation_id: string }[];
    expect(await logOf()).toEqual([]);
    expect((await view('koordination')).partners[0]?.contact?.details).toEqual(contact);
    expect(await logOf()).toEqual([{ reader_id: 'u-ja-0400', reader_organisation_id: 'org-jugendamt-lindenau' }]);
    // The contact person sees who read her data; another partner does not.
    const accessLog = await call('GET', `${path}/access-log`, 'kontakt-hebammen');
    expect(accessLog.status).toBe(200);
    expect(await accessLog.json()).toEqual([
      expect.objectContaining({
        contactId,
        readerId: 'u-ja-0400',
        readerRole: 'network_coordinator',
        readerOrganisationId: 'org-jugendamt-lindenau',
      }),
    ]);
    await problem(
      await call('GET', `/networks/${networkId}/partners/${familienbildung}/contact/access-log`, 'kontakt-hebammen'),
      403,
    );

    // The contact updates their own entry; nobody else does.
    const updated = { ...contact, hours: 'Mo–Fr 8–13 Uhr', phone: '07621 410-5299' };
    await problem(await call('PUT', path, 'koordination', { details: updated }), 403);
    expect((await call('PUT', path, 'kontakt-hebammen', { details: updated })).status).toBe(204);
    expect((await view('kontakt-hebammen')).partners[0]?.contact?.details).toEqual(updated);

    // Nowhere in the log in clear text.
    const rows = await eventsOf();
    const contactRows = rows.filter((r) => r.type.startsWith('PartnerContact'));
    expect(contactRows.map((r) => r.type)).toEqual(['PartnerContactConsented', 'PartnerContactDetailsChanged']);
    for (const r of contactRows) {
      for (const clear of [contact.name, contact.email, contact.phone, contact.deputy.name, updated.phone, 'Mo–Fr']) {
        expect(r.data).not.toContain(clear);
      }
      expect(r.data).toContain('"$sealed": "A256GCM"');
    }

    // Withdrawal: the key goes with the event, the partner shows "Kontakt fehlt".
    await problem(
      await call(
        'POST',
        `/networks/${networkId}/partners/${familienbildung}/contact/consent-withdrawal`,
        'kontakt-hebammen',
      ),
      403,
    );
    expect((await call('POST', `${path}/consent-withdrawal`, 'kontakt-hebammen')).status).toBe(204);
    const after = await view('koordination');
    expect(after.partners[0]).toMatchObject({ contactStatus: 'missing', contact: null });
    await problem(await call('PUT', path, 'kontakt-hebammen', { details: updated }), 404);
    const withdrawn = (await eventsOf()).at(-1)!;
    expect(withdrawn.type).toBe('PartnerContactConsentWithdrawn');
    const { subjectId } = JSON.parse(withdrawn.data) as { subjectId: string };
    const [key] = (await ds.query(
      `SELECT wrapped_key, erased_at, case_id FROM data_subject_keys WHERE subject_id = $1`,
      [subjectId],
    )) as { wrapped_key: Buffer | null; erased_at: Date | null; case_id: string }[];
    expect(key).toMatchObject({ wrapped_key: null, case_id: `contact-${contactId}` });
    expect(key?.erased_at).not.toBeNull();
    // The raw rows still hold only ciphertext, and nobody can open it any more.
    const vault = new PersonalDataVault(ds, parseMasterKey(process.env.PERSONAL_DATA_MASTER_KEY!));
    for (const r of contactRows) {
      const sealed = (JSON.parse(r.data) as { details: Parameters<typeof vault.open>[0] }).details;
      expect(await vault.open(sealed)).toMatchObject({ status: 'erased' });
    }
    // The tamper check accepts the destroyed key: its event says why.
    expect((await verifyHoldsAndKeys(ds)).filter((f) => f.detail.includes(subjectId))).toEqual([]);
    // A new contact may consent again.
    const again = await call('POST', path, 'kontakt-hebammen', {
      details: { ...contact, name: `Aylin Kaya ${tag}` },
      consent: { givenOn: '2026-02-01', scope: ['network_directory'] },
    });
    expect(again.status).toBe(201);
    expect((await view('koordination')).partners[0]?.contactStatus).toBe('present');
  });

  it('part 3: partners publish offers; the public page lists them without login, searchable, with no personal data', async () => {
    const path = `/networks/${networkId}/offers`;
    const bad = await problem(
      await call('POST', path, 'kontakt-hebammen', { offer: { ...offer, languages: [] } }),
      400,
    );
    expect(bad.errors?.[0]?.field).toBe('body.offer.languages');
    await problem(await call('POST', path, 'fachkraft', { offer }), 403);
    // The coordinating office is no partner itself: it publishes no offer here.
    await problem(await call('POST', path, 'koordination', { offer }), 404);

    const published = await call('POST', path, 'kontakt-hebammen', { offer });
    expect(published.status).toBe(201);
    const { offerId } = (await published.json()) as { offerId: string };

    const mine = (list: PublicOfferList) => list.offers.filter((o) => o.title.endsWith(tag));
    const found = await eventually(
      async () => {
        const hits = mine(await publicOffers(`?region=Lindenau-Nord&targetGroup=schwangerschaft&language=tr`));
        return hits.length === 1 ? hits : undefined;
      },
      { what: 'the offer on the public page' },
    );
    expect(found[0]).toEqual({
      ...offer,
      offerId,
      networkName: `Frühe Hilfen Lindenau (e2e ${tag})`,
      partnerName: 'Hebammendienst Lindenau',
      partnerKind: 'hebammendienst',
    });
    expect(mine(await publicOffers(`?language=ar`))).toEqual([]);
    expect(mine(await publicOffers(`?targetGroup=jugendliche`))).toEqual([]);
    expect(mine(await publicOffers(`?region=Lindenau-S%C3%BCd`))).toEqual([]);
    expect(mine(await publicOffers(`?q=${encodeURIComponent('hausbesuche')}`))).toHaveLength(1);
    const badQuery = await problem(await call('GET', '/public/offers?language=deutsch', null), 400);
    expect(badQuery.errors?.[0]?.field).toBe('query.language');

    // No personal data on the public page: not the contact, not who published.
    const text = JSON.stringify(await publicOffers());
    for (const personal of [contact.name, contact.email, 'Aylin Kaya', contact.deputy.name, 'u-hb-0001', 'subj-']) {
      expect(text).not.toContain(personal);
    }

    // Another partner cannot touch it; the partner changes and withdraws it.
    await problem(await call('PUT', `${path}/${offerId}`, 'koordination', { offer }), 403);
    expect(
      (await call('PUT', `${path}/${offerId}`, 'kontakt-hebammen', { offer: { ...offer, cost: '5 € je Termin' } }))
        .status,
    ).toBe(204);
    await eventually(async () => (mine(await publicOffers())[0]?.cost === '5 € je Termin' ? true : undefined), {
      what: 'the changed offer',
    });
    expect((await call('DELETE', `${path}/${offerId}`, 'kontakt-hebammen')).status).toBe(204);
    await eventually(async () => (mine(await publicOffers()).length === 0 ? true : undefined), {
      what: 'the withdrawn offer gone',
    });

    // A partner that leaves takes its offers off the page.
    const second = await call('POST', path, 'kontakt-hebammen', { offer: { ...offer, title: `Stillberatung ${tag}` } });
    expect(second.status).toBe(201);
    await eventually(async () => (mine(await publicOffers()).length === 1 ? true : undefined), {
      what: 'second offer',
    });
    expect((await call('DELETE', `/networks/${networkId}/partners/${HEBAMMEN}`, 'koordination')).status).toBe(204);
    await eventually(async () => (mine(await publicOffers()).length === 0 ? true : undefined), {
      what: 'the leaving partner’s offers gone',
    });
    await problem(await call('GET', `/networks/${networkId}`, 'kontakt-hebammen'), 403);
    // The contact's consent ended with the membership: recorded, and their key destroyed with it.
    const [withdrawal, left] = (await eventsOf()).slice(-2);
    expect([withdrawal?.type, left?.type]).toEqual(['PartnerContactConsentWithdrawn', 'NetworkPartnerLeft']);
    const { subjectId } = JSON.parse(withdrawal!.data) as { subjectId: string };
    expect(
      await ds.query(`SELECT wrapped_key IS NULL AS shredded FROM data_subject_keys WHERE subject_id = $1`, [
        subjectId,
      ]),
    ).toEqual([{ shredded: true }]);
  });

  it('part 3: the public page is rate limited per address (problem+json 429 with Retry-After)', async () => {
    // An API of its own with a tiny limit; the client addresses are this run's own (behind the
    // loopback proxy the API trusts X-Forwarded-For), so no other run shares the counters.
    const { api, apiUrl } = await startOwnApi({ PUBLIC_OFFER_READS_PER_MINUTE: '3' });
    const from = (address: string) =>
      fetch(`${apiUrl}/public/offers?q=${tag}`, { headers: { 'x-forwarded-for': address } });
    const octet = () => 1 + Math.floor(Math.random() * 250);
    const first = `198.51.${octet()}.${octet()}`;
    const second = `203.0.${octet()}.${octet()}`;
    try {
      for (let i = 0; i < 3; i++) expect((await from(first)).status).toBe(200);
      const refused = await from(first);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another address searches on.
      expect((await from(second)).status).toBe(200);
    } finally {
      await stopApp(api);
    }
  });
});
