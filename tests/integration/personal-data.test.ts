import type { SealedValue, YoungPersonDetails } from '@hilfenetz/contracts';
import {
  DataSubjectErased,
  eraseDataSubject,
  LegalHoldActive,
  parseMasterKey,
  PersonalDataVault,
  placeLegalHold,
  PostgresEventStore,
  verifyStream,
} from '@hilfenetz/event-store';
import { aCaseStream, openDataSource, testEnv } from '@hilfenetz/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

const person: YoungPersonDetails = {
  givenName: 'Mila',
  familyName: 'Sonnberg',
  dateOfBirth: '2011-04-17',
  address: 'Lindenweg 3, 99999 Lindenau',
};
const metadata = () => ({ actorId: 'u-ja-0900', actorRole: 'administrator', correlationId: randomUUID() });

describe('personal data: encrypted per subject, erased by destroying the key', () => {
  let ds: DataSource;
  let store: PostgresEventStore;
  let vault: PersonalDataVault;
  const masterKey = parseMasterKey(randomBytes(32).toString('base64'));

  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 4);
    store = new PostgresEventStore(ds);
    vault = new PersonalDataVault(ds, masterKey);
  });
  afterAll(() => ds.destroy());

  async function registeredCase() {
    const { caseId, streamId } = aCaseStream('PD');
    const subjectId = `subj-${randomUUID()}`;
    await vault.registerSubject(subjectId, caseId);
    const sealed = await vault.seal(subjectId, person);
    await store.append(streamId, [
      {
        eventId: randomUUID(),
        type: 'CaseRegistered',
        schemaVersion: 1,
        data: {
          caseId,
          youngPersonSubjectId: subjectId,
          youngPerson: sealed,
          leadOrganisationId: 'org-jugendamt-lindenau',
          registeredAt: '2026-11-25T10:00:00.000Z',
        },
        metadata: metadata(),
      },
    ]);
    return { caseId, streamId, subjectId };
  }

  it('stores only ciphertext: no personal field appears in the stored event', async () => {
    const { streamId } = await registeredCase();
    const [row] = await ds.query(`SELECT data::text AS raw FROM events WHERE stream_id = $1`, [streamId]);
    for (const value of [person.givenName, person.familyName, person.dateOfBirth, 'Lindenweg']) {
      expect(row.raw).not.toContain(value);
    }
    const [stored] = await store.readStream(streamId);
    const opened = await vault.open<YoungPersonDetails>((stored!.data as { youngPerson: never }).youngPerson);
    expect(opened).toEqual({ status: 'available', value: person });
  });

  it('erasure makes the data unreadable, is itself an event, keeps the chain verifiable, and can be repeated', async () => {
    const { caseId, streamId, subjectId } = await registeredCase();
    const req = {
      subjectId,
      reason: await vault.seal(subjectId, 'Löschung nach Art. 17 DSGVO'),
      now: '2026-11-25T11:00:00.000Z',
      metadata: metadata(),
    };
    expect(await eraseDataSubject(ds, store, vault, req)).toEqual({ caseId, alreadyErased: false });
    expect(await eraseDataSubject(ds, store, vault, req)).toEqual({ caseId, alreadyErased: true });

    const events = await store.readStream(streamId);
    expect(events.map((e) => e.type)).toEqual(['CaseRegistered', 'DataSubjectErased']);
    const opened = await vault.open((events[0]!.data as { youngPerson: never }).youngPerson);
    expect(opened.status).toBe('erased');
    expect(await verifyStream(ds, streamId)).toMatchObject({ ok: true, events: 2 });
    const [key] = await ds.query(`SELECT wrapped_key FROM data_subject_keys WHERE subject_id = $1`, [subjectId]);
    expect(key.wrapped_key).toBeNull();
  });

  it('seal keeps a key for seconds, open never: erasure is seen by every reader at once', async () => {
    const { subjectId } = await registeredCase();
    // Another process: its seal key cache is its own, and its clock is under the test's control.
    let now = Date.now();
    const other = new PersonalDataVault(ds, masterKey, { sealKeyTtlMs: 30_000 }, () => now);
    const before = await other.seal(subjectId, 'vorher');
    expect(await vault.open(before)).toEqual({ status: 'available', value: 'vorher' });

    await eraseDataSubject(ds, store, vault, {
      subjectId,
      reason: await vault.seal(subjectId, 'Löschung nach Art. 17 DSGVO'),
      now: '2026-11-25T11:00:00.000Z',
      metadata: metadata(),
    });
    // The erasing process stops sealing at once.
    await expect(vault.seal(subjectId, 'danach')).rejects.toBeInstanceOf(DataSubjectErased);
    // The other one may still seal within its TTL, but what it seals is as lost as everything else.
    const late = await other.seal(subjectId, 'danach');
    for (const v of [vault, other]) {
      expect(await v.open(before)).toMatchObject({ status: 'erased' });
      expect(await v.open(late)).toMatchObject({ status: 'erased' });
    }
    now += 30_001;
    await expect(other.seal(subjectId, 'später')).rejects.toBeInstanceOf(DataSubjectErased);
  });

  it('a legal hold (§9b SGB VIII) blocks erasure and changes nothing', async () => {
    const { caseId, streamId, subjectId } = await registeredCase();
    await placeLegalHold(ds, store, {
      caseId,
      reason: await vault.seal(subjectId, 'Aufbewahrung §9b SGB VIII'),
      now: '2026-11-25T10:30:00.000Z',
      metadata: metadata(),
    });
    await expect(
      eraseDataSubject(ds, store, vault, {
        subjectId,
        reason: await vault.seal(subjectId, 'Antrag'),
        now: '2026-11-25T11:00:00.000Z',
        metadata: metadata(),
      }),
    ).rejects.toThrow(LegalHoldActive);
    const events = await store.readStream(streamId);
    expect(events.map((e) => e.type)).toEqual(['CaseRegistered', 'LegalHoldPlaced']);
    const opened = await vault.open((events[0]!.data as { youngPerson: never }).youngPerson);
    expect(opened).toEqual({ status: 'available', value: person });
  });

  it("ciphertext cannot be moved to another subject's key", async () => {
    const a = await registeredCase();
    const b = await registeredCase();
    const [eventA] = await store.readStream(a.streamId);
    const sealedA = (eventA!.data as { youngPerson: SealedValue }).youngPerson;
    await expect(vault.open({ ...sealedA, subjectId: b.subjectId })).rejects.toThrow();
  });
});
