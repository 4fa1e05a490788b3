import type { NewEvent } from '@hilfenetz/contracts';
import {
  canonicalPieces,
  CheckpointRefused,
  eraseDataSubject,
  LegalHoldActive,
  parseCheckpointSigningKey,
  parseMasterKey,
  parseTrustedCheckpointKeys,
  PersonalDataVault,
  placeLegalHold,
  PostgresEventStore,
  verifyHoldsAndKeys,
  verifySignedCheckpoints,
  verifyStream,
  writeSignedCheckpoint,
  type TamperFinding,
} from '@hilfenetz/event-store';
import { migrations } from '@hilfenetz/persistence';
import {
  aCaseStream,
  aCrisisTriggered,
  ensureDatabase,
  openDataSource,
  resetDatabase,
  testEnv,
  withDatabaseSuffix,
} from '@hilfenetz/testing';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Issue 13, finding 6: what the hash chain alone missed. Someone with superuser access drops a
 * stream's tail and rewrites its head, deletes a stream, reorders events, deletes a hold row;
 * verify names each against the latest signed checkpoint (or the events), and the apps' role
 * cannot do any of it directly. On a database of its own: a checkpoint covers the whole log, and
 * the other suites' tampering must not show up here.
 */
const SUFFIX = 'ckpt';
const ROOT = path.resolve(__dirname, '..', '..');
const seed = randomBytes(32).toString('base64');
const key = parseCheckpointSigningKey(seed);
const trusted = parseTrustedCheckpointKeys(key.publicKeyBase64);
const metadata = () => ({ actorId: 'u-ja-0900', actorRole: 'administrator', correlationId: randomUUID() });

let app: DataSource;
let owner: DataSource;
let admin: DataSource;
let store: PostgresEventStore;
let vault: PersonalDataVault;
let appUrl: string;

beforeAll(async () => {
  const env = testEnv();
  if (!env.adminUrl) throw new Error('DATABASE_ADMIN_URL is needed for the tamper tests (npm test sets it)');
  await ensureDatabase(SUFFIX);
  await resetDatabase(withDatabaseSuffix(env.migrationUrl, SUFFIX));
  appUrl = withDatabaseSuffix(env.databaseUrl, SUFFIX);
  app = await openDataSource(appUrl, 4);
  owner = await openDataSource(withDatabaseSuffix(env.migrationUrl, SUFFIX), 1);
  admin = await openDataSource(withDatabaseSuffix(env.adminUrl, SUFFIX), 1);
  store = new PostgresEventStore(app);
  vault = new PersonalDataVault(app, parseMasterKey(randomBytes(32).toString('base64')));
});
afterAll(async () => {
  await Promise.all([app, owner, admin].map((ds) => ds?.destroy()));
});

async function streamOf(n: number, label = 'CKPT') {
  const s = aCaseStream(label);
  for (let i = 0; i < n; i++) await store.append(s.streamId, [aCrisisTriggered(s.caseId)]);
  return s;
}

/** Superuser SQL with the immutability triggers off, as an attacker with full access would. */
async function tamper(...statements: [string, unknown[]][]) {
  await admin.transaction(async (m) => {
    await m.query(`SET LOCAL session_replication_role = replica`);
    for (const [sql, params] of statements) await m.query(sql, params);
  });
}

const kinds = (findings: TamperFinding[]) => findings.map((f) => [f.streamId, f.kind]);

/** A registered subject on a case with a CaseRegistered event, as the API makes one. */
async function registeredCase() {
  const { caseId, streamId } = aCaseStream('HOLD');
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
        registeredAt: '2026-11-25T10:00:00.000Z',
      },
      metadata: metadata(),
    },
  ]);
  return { caseId, streamId, subjectId };
}

/**
 * Lifts a hold the way the database allows it: the LegalHoldLifted event appended by
 * hilfenetz_append, then hilfenetz_lift_legal_hold, in one transaction. (There is no TypeScript
 * path yet: the event type is not in @hilfenetz/contracts.)
 */
async function liftHold(caseId: string): Promise<string> {
  const eventId = randomUUID();
  const event: NewEvent = {
    eventId,
    type: 'LegalHoldLifted',
    schemaVersion: 1,
    data: { caseId, liftedAt: '2026-11-26T10:00:00.000Z' },
    metadata: metadata(),
  };
  const pieces = canonicalPieces({ ...event, streamId: `case-${caseId}`, recordedAt: new Date().toISOString() });
  await app.transaction(async (m) => {
    await m.query(`SELECT * FROM hilfenetz_append($1, NULL, $2::text[])`, [`case-${caseId}`, pieces]);
    await m.query(`SELECT hilfenetz_lift_legal_hold($1, $2)`, [caseId, eventId]);
  });
  return eventId;
}

describe("the apps' role writes heads, holds and keys only through the guarded functions", () => {
  it('direct writes on events, stream heads, holds, keys and the checkpoint log are refused by Postgres', async () => {
    const { caseId, streamId, subjectId } = await registeredCase();
    await placeLegalHold(app, store, {
      caseId,
      reason: await vault.seal(subjectId, 'Verfahren anhängig'),
      now: new Date().toISOString(),
      metadata: metadata(),
    });
    await writeSignedCheckpoint(app, key);
    const refused = [
      [`UPDATE event_streams SET version = 1, last_hash = NULL WHERE stream_id = $1`, [streamId]],
      [`DELETE FROM event_streams WHERE stream_id = $1`, [streamId]],
      [`INSERT INTO event_streams (stream_id, version) VALUES ($1, 0)`, [`${streamId}-x`]],
      [
        `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash)
         VALUES ($1, $2, 99, 'X', 1, '{}', '{}', now(), 'x')`,
        [randomUUID(), streamId],
      ],
      [`DELETE FROM legal_holds WHERE case_id = $1`, [caseId]],
      [`UPDATE legal_holds SET reason = 'x' WHERE case_id = $1`, [caseId]],
      [`INSERT INTO legal_holds (case_id, reason, placed_by) VALUES ($1, 'x', 'x')`, [`${caseId}-x`]],
      [`UPDATE data_subject_keys SET wrapped_key = NULL, erased_at = now() WHERE subject_id = $1`, [subjectId]],
      [`DELETE FROM data_subject_keys WHERE subject_id = $1`, [subjectId]],
      [
        `INSERT INTO data_subject_keys (subject_id, case_id, master_key_id, wrapped_key) VALUES ('s', 'c', 'm', 'x')`,
        [],
      ],
      [`UPDATE signed_checkpoints SET merkle_root = 'x'`, []],
      [`DELETE FROM signed_checkpoints`, []],
      [`DELETE FROM signed_checkpoint_heads`, []],
    ] as const;
    for (const [sql, params] of refused) {
      await expect(app.query(sql, [...params])).rejects.toThrow(/permission denied/);
    }
    // The guarded functions without their event: refused too, and nothing changed.
    await expect(app.query(`SELECT hilfenetz_lift_legal_hold($1, $2)`, [caseId, randomUUID()])).rejects.toThrow(
      /no LegalHoldLifted event/,
    );
    await expect(
      app.transaction((m) => m.query(`SELECT hilfenetz_erase_subject_key($1, $2)`, [subjectId, randomUUID()])),
    ).rejects.toThrow(/legal hold/);
    expect(await app.query(`SELECT 1 FROM legal_holds WHERE case_id = $1`, [caseId])).toHaveLength(1);
    expect(await verifyHoldsAndKeys(app)).toEqual([]);
  });

  it('append, placing and lifting a hold, and erasure still work, each with its event in the case stream', async () => {
    const { caseId, streamId, subjectId } = await registeredCase();
    await placeLegalHold(app, store, {
      caseId,
      reason: await vault.seal(subjectId, 'Verfahren anhängig'),
      now: new Date().toISOString(),
      metadata: metadata(),
    });
    await expect(
      eraseDataSubject(app, store, vault, {
        subjectId,
        reason: await vault.seal(subjectId, 'Art. 17'),
        now: new Date().toISOString(),
        metadata: metadata(),
      }),
    ).rejects.toBeInstanceOf(LegalHoldActive);
    await liftHold(caseId);
    expect(await app.query(`SELECT 1 FROM legal_holds WHERE case_id = $1`, [caseId])).toHaveLength(0);
    expect(
      await eraseDataSubject(app, store, vault, {
        subjectId,
        reason: await vault.seal(subjectId, 'Art. 17'),
        now: new Date().toISOString(),
        metadata: metadata(),
      }),
    ).toEqual({ caseId, alreadyErased: false });
    const types = (await store.readStream(streamId)).map((e) => e.type);
    expect(types).toEqual(['CaseRegistered', 'LegalHoldPlaced', 'LegalHoldLifted', 'DataSubjectErased']);
    const [k] = await app.query(`SELECT wrapped_key, erased_at FROM data_subject_keys WHERE subject_id = $1`, [
      subjectId,
    ]);
    expect(k).toMatchObject({ wrapped_key: null, erased_at: expect.any(Date) });
    expect(await verifyStream(app, streamId)).toMatchObject({ ok: true, events: 4 });
    expect(await verifyHoldsAndKeys(app)).toEqual([]);
    await writeSignedCheckpoint(app, key);
    expect((await verifySignedCheckpoints(app, trusted)).findings).toEqual([]);
  });
});

describe('signed checkpoints name each tampering after them (real Postgres, superuser attacker)', () => {
  it('detects a dropped tail with a rewritten head, a deleted stream, reordered events and a deleted hold row', async () => {
    const truncated = await streamOf(4, 'TRUNC');
    const deleted = await streamOf(2, 'DEL');
    const reordered = await streamOf(3, 'REORD');
    const held = await registeredCase();
    await placeLegalHold(app, store, {
      caseId: held.caseId,
      reason: await vault.seal(held.subjectId, '§ 9b'),
      now: new Date().toISOString(),
      metadata: metadata(),
    });

    // On demand, through the CLI: `npm run events:checkpoint`.
    const made = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'libs/event-store/src/signed-checkpoints/write-checkpoint.cli.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: appUrl, EVENT_CHECKPOINT_SIGNING_KEY: seed },
        encoding: 'utf8',
      },
    );
    expect(made.stderr).toBe('');
    expect(made.stdout).toMatch(/^checkpoint \d+ signed by key [0-9a-f]{16}/);
    expect(made.status).toBe(0);
    expect((await verifySignedCheckpoints(app, trusted)).findings).toEqual([]);

    // 1. Drop the tail (versions 3, 4), rewind the head to version 2, and write a new version 3 and
    //    4 through the normal path: the chain verifies, the checkpoint does not.
    const [v2] = await admin.query(`SELECT hash FROM events WHERE stream_id = $1 AND stream_version = 2`, [
      truncated.streamId,
    ]);
    await tamper(
      [`DELETE FROM events WHERE stream_id = $1 AND stream_version > 2`, [truncated.streamId]],
      [`UPDATE event_streams SET version = 2, last_hash = $2 WHERE stream_id = $1`, [truncated.streamId, v2.hash]],
    );
    await store.append(truncated.streamId, [aCrisisTriggered(truncated.caseId), aCrisisTriggered(truncated.caseId)]);
    expect(await verifyStream(app, truncated.streamId)).toMatchObject({ ok: true, events: 4 });

    // 2. Delete a whole stream, head and all: it is not even listed any more.
    await tamper(
      [`DELETE FROM events WHERE stream_id = $1`, [deleted.streamId]],
      [`DELETE FROM event_streams WHERE stream_id = $1`, [deleted.streamId]],
    );

    // 3. Swap the places of two events in the global log; their content and chain stay as they were.
    const places: { global_position: string }[] = await admin.query(
      `SELECT global_position::text FROM events WHERE stream_id = $1 AND stream_version IN (1, 3) ORDER BY stream_version`,
      [reordered.streamId],
    );
    const [p1, p3] = places.map((p) => p.global_position) as [string, string];
    await tamper(
      [`UPDATE events SET global_position = -1 WHERE global_position = $1`, [p1]],
      [`UPDATE events SET global_position = $1 WHERE global_position = $2`, [p1, p3]],
      [`UPDATE events SET global_position = $1 WHERE global_position = -1`, [p3]],
    );
    expect(await verifyStream(app, reordered.streamId)).toMatchObject({ ok: true });

    // 4. Delete the hold row (§9b bypassed): the log says the hold stands.
    await tamper([`DELETE FROM legal_holds WHERE case_id = $1`, [held.caseId]]);

    const v = await verifySignedCheckpoints(app, trusted);
    expect(kinds(v.findings)).toEqual(
      expect.arrayContaining([
        [truncated.streamId, 'truncated'],
        [deleted.streamId, 'stream_deleted'],
        [reordered.streamId, 'reordered'],
      ]),
    );
    expect(v.findings).toHaveLength(3);
    expect(kinds(await verifyHoldsAndKeys(app))).toEqual([[held.streamId, 'hold_removed']]);

    // The next checkpoint refuses to sign over the rewritten stream instead of laundering it.
    const refused = await writeSignedCheckpoint(app, key).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CheckpointRefused);
    expect(kinds((refused as CheckpointRefused).findings)).toEqual([[truncated.streamId, 'rewritten']]);

    // The CLI (`npm run events:verify`) with only the public key: exit 1, each stream and kind named.
    const verified = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'libs/event-store/src/verify-streams.cli.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: appUrl, EVENT_CHECKPOINT_PUBLIC_KEY: key.publicKeyBase64 },
        encoding: 'utf8',
      },
    );
    expect(verified.status).toBe(1);
    for (const [stream, kind] of [
      [truncated.streamId, 'truncated'],
      [deleted.streamId, 'stream_deleted'],
      [reordered.streamId, 'reordered'],
      [held.streamId, 'hold_removed'],
    ]) {
      expect(verified.stdout).toMatch(new RegExp(`TAMPERED ${stream}: ${kind}: `));
    }
  });

  it('detects a key destroyed without its event, an edited checkpoint head row, and checkpoints under an untrusted key', async () => {
    // The log still holds the tampering of the test before (no checkpoint can be signed over it):
    // what verify reported then must still be reported, next to the new findings.
    const before = kinds((await verifySignedCheckpoints(app, trusted)).findings);
    const { caseId, subjectId } = await registeredCase();
    await tamper([
      `UPDATE data_subject_keys SET wrapped_key = NULL, erased_at = now() WHERE subject_id = $1`,
      [subjectId],
    ]);
    expect(kinds(await verifyHoldsAndKeys(app))).toEqual(
      expect.arrayContaining([[`case-${caseId}`, 'key_destroyed_without_event']]),
    );

    // An edited head row of the latest checkpoint no longer gives its signed root.
    await tamper([
      `UPDATE signed_checkpoint_heads SET version = version + 1 WHERE stream_id = (SELECT min(stream_id) FROM signed_checkpoint_heads)`,
      [],
    ]);
    const after = await verifySignedCheckpoints(app, trusted);
    expect(kinds(after.findings)).toEqual(expect.arrayContaining([...before, [null, 'checkpoint_invalid']]));

    // A checkpoint signed by a key verify does not trust is named too.
    const stranger = parseTrustedCheckpointKeys(
      parseCheckpointSigningKey(randomBytes(32).toString('base64')).publicKeyBase64,
    );
    expect(
      (await verifySignedCheckpoints(app, stranger)).findings.filter((f) => /not among the trusted/.test(f.detail)),
    ).not.toHaveLength(0);
  });
});

describe('migrations that grant to the apps role', () => {
  /** Runs a migration's `up` against real Postgres with the role name swapped, rolled back after. */
  async function upWithRole(name: string, ds: DataSource, role: string): Promise<void> {
    const Migration = migrations.find((m) => m.name === name);
    if (!Migration) throw new Error(`no migration ${name}`);
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    try {
      const q = {
        query: (sql: string) => runner.query(sql.replaceAll('hilfenetz_app', role)),
      } as unknown as QueryRunner;
      await new Migration().up(q);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it.each(['AppRoleGrants1764000000004', 'GuardedWrites1764000000140', 'SignedCheckpoints1764000000141'])(
    '%s fails loudly when the role is missing, or when it runs as that role',
    async (name) => {
      await expect(upWithRole(name, owner, 'hilfenetz_app_missing')).rejects.toThrow(
        /role hilfenetz_app_missing does not exist/,
      );
      await expect(upWithRole(name, app, 'hilfenetz_app')).rejects.toThrow(/migrations run as the apps' role/);
    },
  );
});
