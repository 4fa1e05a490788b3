import { eventSchemas, freeTextFields, type NewEvent } from '@hilfenetz/contracts';
import {
  crisisCancelledV1,
  helpEndedV1,
  invitationAnsweredV1,
  reviewRequestedV1,
  taskDeclinedV1,
} from '@hilfenetz/contracts';
import {
  eraseDataSubject,
  parseMasterKey,
  PersonalDataVault,
  PostgresEventStore,
  verifyStream,
} from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { aCaseStream, openDataSource, testEnv } from '@hilfenetz/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
// The API's read-side mask is what is under test here; it has no package of its own.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { openFreeText, sealFreeText, showFreeText } from '../../apps/api/src/cases/free-text';

const metadata = () => ({ actorId: 'u-ja-0900', actorRole: 'caseworker', correlationId: randomUUID() });
const at = '2026-11-25T10:00:00.000Z';
const actor = { id: 'u-tr-0001', role: 'provider_staff' };
const planning = { planningId: 'hp-legacy', cycle: 1 };

/** The schemas the code before docs/adr/0018 wrote with: version 1, free text in clear. */
const legacySchemas = {
  TaskDeclined: taskDeclinedV1,
  CrisisCancelled: crisisCancelledV1,
  InvitationAnswered: invitationAnsweredV1,
  ReviewRequested: reviewRequestedV1,
  HelpEnded: helpEndedV1,
} as const;

/**
 * Events stored before free text was sealed keep their clear text in the rows: the log is
 * append-only, hashed, chained and checkpointed, so they are not rewritten (docs/adr/0018). The
 * upcaster lifts them into a legacy wrapper and every reader masks it once the subject is erased.
 */
describe('legacy clear free text (version 1 events): upcast and masked after erasure', () => {
  let ds: DataSource;
  let store: PostgresEventStore;
  let vault: PersonalDataVault;
  let facts: CaseFactsRepository;

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 4);
    store = new PostgresEventStore(ds);
    vault = new PersonalDataVault(ds, parseMasterKey(randomBytes(32).toString('base64')));
    facts = new CaseFactsRepository(ds, store);
  });
  afterAll(() => ds.destroy());

  /** Appends as the old code did: the registry at version 1 for these types, for this append only. */
  async function appendLegacy(streamId: string, events: NewEvent[]): Promise<void> {
    const current = Object.fromEntries(Object.keys(legacySchemas).map((t) => [t, eventSchemas[t]!]));
    for (const [type, schema] of Object.entries(legacySchemas)) eventSchemas[type] = { schemaVersion: 1, schema };
    try {
      await store.append(streamId, events);
    } finally {
      Object.assign(eventSchemas, current);
    }
  }

  it('reads version 1 text while the subject lives, "gelöscht" after the erasure; the rows and the chain stay as written', async () => {
    const { caseId, streamId } = aCaseStream('FTL');
    const subjectId = `subj-${randomUUID()}`;
    await vault.registerSubject(subjectId, caseId);
    await store.append(streamId, [
      {
        eventId: randomUUID(),
        type: 'CaseRegistered',
        schemaVersion: 1,
        data: {
          caseId,
          youngPersonSubjectId: subjectId,
          youngPerson: await vault.seal(subjectId, { givenName: 'Mila' }),
          leadOrganisationId: 'org-jugendamt-lindenau',
          registeredAt: at,
        },
        metadata: metadata(),
      },
    ]);
    const clear = {
      TaskDeclined: 'Alt: kein Platz, Mila war schon einmal hier',
      CrisisCancelled: 'Alt: Fehlalarm, Mila bei der Tante',
      InvitationAnswered: 'Alt: Mutter im Krankenhaus',
      ReviewRequested: 'Alt: neue Krise in der Schule',
      HelpEnded: 'Alt: Umzug nach Berlin',
    };
    const legacy = (type: keyof typeof clear, data: Record<string, unknown>, version = 1): NewEvent => ({
      eventId: randomUUID(),
      type,
      schemaVersion: version,
      data,
      metadata: metadata(),
    });
    await appendLegacy(streamId, [
      legacy('TaskDeclined', {
        crisisId: 'k-1',
        taskId: 'task-provider',
        party: 'provider',
        contactId: 'c-1',
        reason: clear.TaskDeclined,
        declinedBy: actor,
        declinedAt: at,
      }),
      legacy('CrisisCancelled', { crisisId: 'k-1', reason: clear.CrisisCancelled, cancelledAt: at }),
      legacy('InvitationAnswered', {
        ...planning,
        caseId,
        party: 'clinic',
        answer: 'declined',
        reason: clear.InvitationAnswered,
        answeredAt: at,
      }),
      legacy('ReviewRequested', {
        ...planning,
        caseId,
        requestedBy: 'clinic',
        reason: clear.ReviewRequested,
        requestedAt: at,
      }),
      legacy('HelpEnded', { ...planning, caseId, reason: 'moved_away', note: clear.HelpEnded, endedAt: at }),
    ]);
    // The code of today refuses clear text for these types.
    await expect(
      store.append(streamId, [
        legacy('CrisisCancelled', { crisisId: 'k-1', reason: 'neu, aber in Klartext', cancelledAt: at }, 2),
      ]),
    ).rejects.toThrow(/reason/);
    // And writes the sealed form.
    const sealedNow = await sealFreeText(vault, await facts.get(caseId), 'Neu: versiegelt');
    await store.append(streamId, [
      legacy('CrisisCancelled', { crisisId: 'k-2', reason: sealedNow, cancelledAt: at }, 2),
    ]);

    const read = async () => (await store.readStream(streamId)).slice(1);
    const before = await read();
    for (const e of before.slice(0, 5)) {
      const field = freeTextFields[e.type as keyof typeof clear].field;
      expect(e.schemaVersion).toBe(2);
      expect((e.data as Record<string, unknown>)[field]).toEqual({
        $clear: 'v1',
        text: clear[e.type as keyof typeof clear],
      });
      expect(await showFreeText(vault, (e.data as Record<string, unknown>)[field], false)).toBe(
        clear[e.type as keyof typeof clear],
      );
    }
    expect(await showFreeText(vault, (before[5]!.data as { reason: unknown }).reason, false)).toBe('Neu: versiegelt');

    await eraseDataSubject(ds, store, vault, {
      subjectId,
      reason: await vault.seal(subjectId, 'Löschung nach Art. 17'),
      now: at,
      metadata: metadata(),
    });
    const caseFacts = await facts.get(caseId);
    expect(caseFacts.erasure).not.toBeNull();
    const after = await read();
    for (const e of after.filter((x) => x.type in clear)) {
      const field = freeTextFields[e.type as keyof typeof clear].field;
      expect(await openFreeText(vault, (e.data as Record<string, unknown>)[field], caseFacts.erasure !== null)).toEqual(
        {
          status: 'erased',
        },
      );
    }
    const erasure = after.find((e) => e.type === 'DataSubjectErased')!;
    expect(await showFreeText(vault, (erasure.data as { reason: unknown }).reason, true)).toBe('gelöscht');
    // Text given after the erasure is not kept.
    expect(await sealFreeText(vault, caseFacts, 'zu spät')).toEqual({ $erased: true, subjectId });

    // What option the ADR chose costs: the legacy rows still hold the clear text (masked on every
    // read path, never rewritten), and the chain over them still verifies.
    const [row]: { raw: string }[] = await ds.query(
      `SELECT data::text AS raw FROM events WHERE stream_id = $1 AND type = 'HelpEnded'`,
      [streamId],
    );
    expect(row!.raw).toContain(clear.HelpEnded);
    expect(await verifyStream(ds, streamId)).toMatchObject({ ok: true });
  });

  it('a case without registration seals under a key of its own', async () => {
    const { caseId } = aCaseStream('FTB');
    const bare = await facts.get(caseId);
    expect(bare.registration).toBeNull();
    const sealed = await sealFreeText(vault, bare, 'Fehlalarm');
    expect(sealed).toMatchObject({ $sealed: 'A256GCM', subjectId: `subj-case-${caseId}` });
    expect(await showFreeText(vault, sealed, false)).toBe('Fehlalarm');
    // Idempotent: the second text goes under the same key.
    expect(await sealFreeText(vault, bare, 'Nochmal')).toMatchObject({ subjectId: `subj-case-${caseId}` });
  });
});
