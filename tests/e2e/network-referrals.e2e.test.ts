import type { ReferralAccessLog, ReferralLists, ReferralView } from '@hilfenetz/contracts';
import { verifyHoldsAndKeys } from '@hilfenetz/event-store';
import { eventually, openDataSource } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';
import { usersApi } from './support/users-api';

const stack = e2eStack();

const HEBAMMEN = 'org-hebammendienst-lindenau';
const BIRKENHOF = 'org-traeger-birkenhof';
const tag = randomUUID().slice(0, 8);
const networkId = `net-e2e-ref-${tag}`;

/**
 * Issue 17 part 6 (Lörrach's basic processes, seed 000): a partner refers a family to another
 * partner's offer with the family's consent; the receiving partner accepts or declines; the
 * referring partner learns only that. The family's data is sealed and erased like a case's.
 * The deadline's reminder and escalation run on the time-skipping server
 * (tests/integration/network-referral-workflow.timers.test.ts).
 */
describe('referrals between partners (issue 17 part 6)', () => {
  const { login, call, problem } = usersApi(stack.apiUrl, stack.issuer);
  let ds: DataSource;
  let offerId: string;

  const lists = async (user: string): Promise<ReferralLists> => {
    const res = await call('GET', `/networks/${networkId}/referrals`, user);
    expect(res.status).toBe(200);
    return (await res.json()) as ReferralLists;
  };
  /** The lists follow the projector by a moment. */
  const seen = (user: string, which: keyof ReferralLists, referralId: string): Promise<ReferralView> =>
    eventually(async () => (await lists(user))[which].find((r) => r.referralId === referralId), {
      what: `${referralId} in ${user}'s ${which}`,
    });
  const referralStreams = async (): Promise<{ stream_id: string; type: string; data: string }[]> =>
    ds.query(
      `SELECT stream_id, type, data::text AS data FROM events
        WHERE type LIKE 'NetworkReferral%' AND data->>'networkId' = $1 ORDER BY global_position`,
      [networkId],
    );

  const family = {
    name: `Jana Brückner ${tag}`,
    phone: '0176 5550123',
    address: 'Am Mühlbach 3, 79539 Lindenau',
    children: 'Säugling, 6 Wochen',
    needs: 'Die Mutter wünscht Unterstützung durch eine Familienhebamme beim Stillen und im Alltag.',
  };
  const consent = {
    givenBy: 'mutter',
    givenOn: '2026-11-30',
    scope: ['kontaktdaten_weitergeben', 'anliegen_weitergeben'],
  };

  beforeAll(async () => {
    await login(...['koordination', 'kontakt-hebammen', 'traeger', 'klinik']);
    ds = await openDataSource(stack.databaseUrl, 1);
    expect(
      (
        await call('POST', '/networks', 'koordination', {
          networkId,
          name: `Kooperation Lindenau (Vermittlung ${tag})`,
          kind: 'cooperation',
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
    const published = await call('POST', `/networks/${networkId}/offers`, 'kontakt-hebammen', {
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
    expect(published.status).toBe(201);
    offerId = ((await published.json()) as { offerId: string }).offerId;
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('refuses a referral without consent, to a non-partner, or by a non-member: problem+json, nothing stored', async () => {
    const body = { toOrganisationId: HEBAMMEN, offerId, family, consent, respondWithinDays: 3 };
    const { consent: _omitted, ...withoutConsent } = body;
    const noConsent = await problem(
      await call('POST', `/networks/${networkId}/referrals`, 'traeger', withoutConsent),
      400,
    );
    expect(noConsent.errors?.[0]?.field).toBe('body.consent');
    const future = await problem(
      await call('POST', `/networks/${networkId}/referrals`, 'traeger', {
        ...body,
        consent: { ...consent, givenOn: '2099-01-01' },
      }),
      422,
    );
    expect(future.errors?.[0]?.field).toBe('body.consent.givenOn');
    const toSelf = await problem(await call('POST', `/networks/${networkId}/referrals`, 'kontakt-hebammen', body), 404);
    expect(toSelf.errors?.[0]?.field).toBe('body.toOrganisationId');
    await problem(await call('POST', `/networks/${networkId}/referrals`, 'klinik', body), 403);
    await problem(await call('GET', `/networks/${networkId}/referrals`, 'klinik'), 403);
    expect(await referralStreams()).toEqual([]);
  });

  it('refers a family with consent; the receiving partner accepts; the referrer learns only the decision; erasure shows „gelöscht“ everywhere', async () => {
    const sent = await call('POST', `/networks/${networkId}/referrals`, 'traeger', {
      toOrganisationId: HEBAMMEN,
      offerId,
      family,
      consent,
      respondWithinDays: 3,
    });
    expect(sent.status).toBe(201);
    const { referralId } = (await sent.json()) as { referralId: string };

    // The inbox of the receiving partner: the family, the consent, the deadline.
    const inbox = await seen('kontakt-hebammen', 'received', referralId);
    expect(inbox).toMatchObject({
      status: 'open',
      family: { name: family.name, phone: family.phone, needs: family.needs },
      consent: { givenBy: 'mutter', givenOn: '2026-11-30' },
      callerMay: { decide: true, erase: false },
    });
    expect(Date.parse(inbox.respondBy) - Date.parse(inbox.sentAt)).toBe(3 * 86_400_000);
    // The coordinating office sees no family (and this referral is not overdue).
    expect((await lists('koordination')).missed.map((r) => r.referralId)).not.toContain(referralId);

    // Only the receiving partner decides, once.
    await problem(
      await call('POST', `/networks/${networkId}/referrals/${referralId}/decision`, 'traeger', {
        decision: 'accepted',
      }),
      403,
    );
    const accepted = await call('POST', `/networks/${networkId}/referrals/${referralId}/decision`, 'kontakt-hebammen', {
      decision: 'accepted',
    });
    expect(accepted.status).toBe(204);
    await problem(
      await call('POST', `/networks/${networkId}/referrals/${referralId}/decision`, 'kontakt-hebammen', {
        decision: 'declined',
      }),
      409,
    );
    const feedback = await eventually(async () => {
      const r = (await lists('traeger')).sent.find((x) => x.referralId === referralId);
      return r?.status === 'accepted' ? r : undefined;
    });
    expect(feedback.decidedAt).not.toBeNull();

    // The family never travels in clear: not in the log, not in the read model.
    const logged = await referralStreams();
    expect(logged.map((e) => e.type)).toEqual(['NetworkReferralSent', 'NetworkReferralDecided']);
    for (const e of logged) {
      expect(e.data).not.toContain('Brückner');
      expect(e.data).not.toContain('0176');
      expect(e.data).not.toContain('Mühlbach');
    }
    const [row]: Record<string, unknown>[] = await ds.query(`SELECT * FROM network_referrals WHERE referral_id = $1`, [
      referralId,
    ]);
    expect(JSON.stringify(row)).not.toContain('Brückner');

    // Every opening of the family's data is on record for the partner that recorded the family
    // (and the coordination): the receiving partner's inbox reads above, the referrer's own.
    const accessLog = async (user: string) => {
      const res = await call('GET', `/networks/${networkId}/referrals/${referralId}/access-log`, user);
      expect({ user, status: res.status }).toEqual({ user, status: 200 });
      return ((await res.json()) as ReferralAccessLog).entries;
    };
    const readers = await accessLog('traeger');
    expect(readers.some((e) => e.readerOrganisationId === HEBAMMEN)).toBe(true);
    expect(readers.some((e) => e.readerOrganisationId === BIRKENHOF)).toBe(true);
    expect(readers.map((e) => e.readAt)).toEqual([...readers.map((e) => e.readAt)].sort().reverse());
    expect(JSON.stringify(readers)).not.toContain('Brückner');
    expect((await accessLog('koordination')).length).toBeGreaterThanOrEqual(readers.length);
    // Not the receiving partner's log; outsiders learn nothing of the referral.
    await problem(
      await call('GET', `/networks/${networkId}/referrals/${referralId}/access-log`, 'kontakt-hebammen'),
      403,
    );
    await problem(await call('GET', `/networks/${networkId}/referrals/${referralId}/access-log`, 'klinik'), 403);
    await problem(await call('GET', `/networks/${networkId}/referrals/nr-${randomUUID()}/access-log`, 'traeger'), 404);

    // Erasure: only the referring partner (or the coordination); then every read shows „gelöscht“.
    await problem(
      await call('POST', `/networks/${networkId}/referrals/${referralId}/erasure`, 'kontakt-hebammen'),
      403,
    );
    expect((await call('POST', `/networks/${networkId}/referrals/${referralId}/erasure`, 'traeger')).status).toBe(204);
    for (const [user, which] of [
      ['traeger', 'sent'],
      ['kontakt-hebammen', 'received'],
    ] as const) {
      const r = await eventually(async () => {
        const x = (await lists(user))[which].find((y) => y.referralId === referralId);
        return x?.erased ? x : undefined;
      });
      expect(r.family).toEqual({
        name: 'gelöscht',
        phone: 'gelöscht',
        email: 'gelöscht',
        address: 'gelöscht',
        children: 'gelöscht',
        needs: 'gelöscht',
      });
      expect(r.status).toBe('accepted');
      expect(JSON.stringify(r)).not.toContain('Brückner');
    }
    const sentEvent = (await referralStreams()).find((e) => e.type === 'NetworkReferralSent')!;
    const subjectId = (JSON.parse(sentEvent.data) as { subjectId: string }).subjectId;
    const [key]: { wrapped_key: unknown; erased_at: Date | null; case_id: string }[] = await ds.query(
      `SELECT wrapped_key, erased_at, case_id FROM data_subject_keys WHERE subject_id = $1`,
      [subjectId],
    );
    expect(key).toMatchObject({ wrapped_key: null, case_id: `referral-${referralId}` });
    expect(key?.erased_at).not.toBeNull();
    expect((await verifyHoldsAndKeys(ds)).filter((f) => f.detail.includes(subjectId))).toEqual([]);
    // Reads after the erasure open nothing, so they add nothing to the log; the log stays.
    const onRecord = (await accessLog('traeger')).length;
    await lists('kontakt-hebammen');
    expect((await accessLog('traeger')).length).toBe(onRecord);
    expect(onRecord).toBeGreaterThanOrEqual(readers.length);
    // A second erasure changes nothing; a decision on an erased referral is refused.
    expect((await call('POST', `/networks/${networkId}/referrals/${referralId}/erasure`, 'traeger')).status).toBe(204);
  });

  it('a declined referral: the referrer sees "declined" and nothing of the receiver’s reasons', async () => {
    const sent = await call('POST', `/networks/${networkId}/referrals`, 'traeger', {
      toOrganisationId: HEBAMMEN,
      offerId,
      family: { name: `Familie Ost ${tag}`, needs: 'Beratung zum Elterngeld und zur Kinderbetreuung.' },
      consent: { givenBy: 'vater', givenOn: '2026-12-01', scope: ['kontaktdaten_weitergeben'] },
    });
    expect(sent.status).toBe(201);
    const { referralId } = (await sent.json()) as { referralId: string };
    await seen('kontakt-hebammen', 'received', referralId);
    expect(
      (
        await call('POST', `/networks/${networkId}/referrals/${referralId}/decision`, 'kontakt-hebammen', {
          decision: 'declined',
        })
      ).status,
    ).toBe(204);
    const r = await eventually(async () => {
      const x = (await lists('traeger')).sent.find((y) => y.referralId === referralId);
      return x?.status === 'declined' ? x : undefined;
    });
    expect(Object.keys(r).sort()).toEqual(
      [
        'callerMay',
        'consent',
        'deadlineMissed',
        'decidedAt',
        'erased',
        'family',
        'fromOrganisationId',
        'networkId',
        'offerId',
        'referralId',
        'reminded',
        'respondBy',
        'sentAt',
        'status',
        'toOrganisationId',
      ].sort(),
    );
  });
});
