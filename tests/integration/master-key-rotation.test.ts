import type { SealedValue } from '@hilfenetz/contracts';
import { masterKeyring } from '@hilfenetz/config';
import { createKafka, ensureTopics, KafkaPublisher, KafkaSubscriber, TOPICS, topicName } from '@hilfenetz/event-bus';
import {
  eraseDataSubject,
  keyringOf,
  parseMasterKey,
  PersonalDataVault,
  PostgresEventStore,
  unwrapSubjectKey,
  wrapSubjectKey,
} from '@hilfenetz/event-store';
import { KafkaValueCodec } from '@hilfenetz/transport-encryption';
import {
  ensureDatabase,
  eventually,
  openDataSource,
  resetDatabase,
  testEnv,
  withDatabaseSuffix,
  type AppProcess,
} from '@hilfenetz/testing';
import { spawn } from 'node:child_process';
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DataSource } from 'typeorm';

const ROOT = path.resolve(__dirname, '..', '..');
const DB_SUFFIX = 'keyrotation';
const SUBJECTS = 100_000;
const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');

/** Seals like the vault does (AES-256-GCM, the subject id as AAD), without a database. */
function sealWith(dataKey: Buffer, subjectId: string, value: unknown): SealedValue {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dataKey, iv);
  c.setAAD(Buffer.from(subjectId, 'utf8'));
  const ct = Buffer.concat([c.update(Buffer.from(JSON.stringify(value), 'utf8')), c.final()]);
  return {
    $sealed: 'A256GCM',
    subjectId,
    iv: iv.toString('base64'),
    tag: c.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
}

/** Runs `npm run keys:rewrap`'s CLI as its own process, as an operator would. */
function startRewrap(env: NodeJS.ProcessEnv, batchSize: number): AppProcess & { output: () => string } {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'libs/event-store/src/personal-data/rewrap-subject-keys.cli.ts', String(batchSize)],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return { name: 'keys-rewrap', child, logFile: '(captured)', output: () => out };
}

const exited = (p: AppProcess) =>
  new Promise<number | null>((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) resolve(p.child.exitCode);
    else p.child.once('exit', (code) => resolve(code));
  });

/**
 * Master key rotation (issue 15): 100,000 subject keys wrapped under the old master key are
 * re-wrapped under the new one by `keys:rewrap` while sealed values are read and a subject is
 * erased; the run is killed (SIGKILL) half-way and started again; afterwards every value opens
 * with the new key alone. Kafka values written under the old key still decode with the new key
 * current and the old one as previous.
 */
describe('master key rotation', () => {
  let owner: DataSource;
  let app: DataSource;

  beforeAll(async () => {
    await ensureDatabase(DB_SUFFIX);
    await resetDatabase(withDatabaseSuffix(testEnv().migrationUrl, DB_SUFFIX));
    owner = await openDataSource(withDatabaseSuffix(testEnv().migrationUrl, DB_SUFFIX), 2);
    app = await openDataSource(withDatabaseSuffix(testEnv().databaseUrl, DB_SUFFIX), 6);
  });
  afterAll(async () => {
    await owner?.destroy();
    await app?.destroy();
  });

  it('re-wraps 100,000 subject keys online, survives a kill, and leaves values readable with the new key alone', async () => {
    // Subject keys as the old vault wrote them, inserted in bulk (the vault would take minutes).
    const old = parseMasterKey(OLD);
    const oldKeys = keyringOf(old);
    const dataKeys = new Map<string, Buffer>();
    const ids: string[] = [];
    for (let i = 0; i < SUBJECTS; i++) {
      const id = `subj-${String(i).padStart(6, '0')}-${randomUUID().slice(0, 8)}`;
      ids.push(id);
      dataKeys.set(id, randomBytes(32));
    }
    for (let i = 0; i < SUBJECTS; i += 10_000) {
      const chunk = ids.slice(i, i + 10_000);
      await owner.query(
        `INSERT INTO data_subject_keys (subject_id, case_id, master_key_id, wrapped_key)
         SELECT s, 'case-' || s, $1, w FROM unnest($2::text[], $3::bytea[]) AS t(s, w)`,
        [old.id, chunk, chunk.map((id) => wrapSubjectKey(oldKeys, id, dataKeys.get(id)!))],
      );
    }
    // A sample of sealed values spread over the table, read throughout the rotation.
    const sample = ids
      .filter((_, i) => i % 500 === 0)
      .map((id) => ({ id, sealed: sealWith(dataKeys.get(id)!, id, `Name ${id}`) }));
    const erased = sample[sample.length / 2]!.id;

    const rotated = masterKeyring({
      PERSONAL_DATA_MASTER_KEY: NEW,
      PERSONAL_DATA_MASTER_KEY_ID: 'k-new',
      PERSONAL_DATA_PREVIOUS_MASTER_KEYS: OLD,
    });
    const vault = new PersonalDataVault(app, rotated);
    let reading = true;
    const readFailures: string[] = [];
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        for (const s of sample) {
          const opened = await vault.open<string>(s.sealed).catch((err: unknown) => {
            readFailures.push(`${s.id}: ${String(err)}`);
            return null;
          });
          reads++;
          if (opened?.status === 'available' && opened.value !== `Name ${s.id}`)
            readFailures.push(`${s.id}: wrong value`);
          if (opened?.status === 'erased' && s.id !== erased) readFailures.push(`${s.id}: erased`);
        }
      }
    })();

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: withDatabaseSuffix(testEnv().databaseUrl, DB_SUFFIX),
      DATABASE_MIGRATION_URL: withDatabaseSuffix(testEnv().migrationUrl, DB_SUFFIX),
      OIDC_ISSUER: process.env.OIDC_ISSUER ?? 'http://127.0.0.1:9',
      PERSONAL_DATA_MASTER_KEY: NEW,
      PERSONAL_DATA_MASTER_KEY_ID: 'k-new',
      PERSONAL_DATA_PREVIOUS_MASTER_KEYS: OLD,
    };
    const countNew = async () =>
      (
        (await owner.query(`SELECT count(*)::int AS n FROM data_subject_keys WHERE master_key_id = 'k-new'`)) as [
          { n: number },
        ]
      )[0].n;

    // First run: killed once it has re-wrapped some but not all.
    const firstStarted = Date.now();
    const first = startRewrap(env, 1_000);
    await eventually(async () => ((await countNew()) >= 20_000 ? true : undefined), {
      timeoutMs: 120_000,
      intervalMs: 50,
      what: `the first run to re-wrap 20,000 keys (${first.output()})`,
    });
    first.child.kill('SIGKILL');
    await exited(first);
    const firstMs = Date.now() - firstStarted;
    const afterKill = await countNew();
    expect(afterKill).toBeLessThan(SUBJECTS);

    // Second run: picks up what is left, while a subject is erased through the vault and the event
    // log as the API does (whichever reaches the row first, the key ends erased).
    const secondStarted = Date.now();
    const second = startRewrap(env, 1_000);
    await eraseDataSubject(app, new PostgresEventStore(app), vault, {
      subjectId: erased,
      reason: await vault.seal(erased, 'Löschung nach Art. 17 DSGVO'),
      now: new Date().toISOString(),
      metadata: { actorId: 'u-dsb', actorRole: 'administrator', correlationId: randomUUID() },
    });
    expect(await exited(second)).toBe(0);
    const secondMs = Date.now() - secondStarted;
    expect(second.output()).toMatch(/0 left/);
    reading = false;
    await reader;
    expect(readFailures).toEqual([]);
    expect(reads).toBeGreaterThan(sample.length);

    // Every live key now names the new key and opens with it alone; the erased one has no key.
    const rows: { subject_id: string; master_key_id: string; wrapped_key: Buffer | null }[] = await owner.query(
      `SELECT subject_id, master_key_id, wrapped_key FROM data_subject_keys`,
    );
    expect(rows).toHaveLength(SUBJECTS);
    const newOnly = keyringOf(masterKeyring({ PERSONAL_DATA_MASTER_KEY: NEW, PERSONAL_DATA_MASTER_KEY_ID: 'k-new' }));
    for (const r of rows) {
      if (r.subject_id === erased) {
        expect(r.wrapped_key).toBeNull();
        continue;
      }
      expect(r.master_key_id).toBe('k-new');
      expect(unwrapSubjectKey(newOnly, r.subject_id, r.master_key_id, r.wrapped_key!)).toEqual(
        dataKeys.get(r.subject_id),
      );
    }
    const newVault = new PersonalDataVault(
      app,
      masterKeyring({ PERSONAL_DATA_MASTER_KEY: NEW, PERSONAL_DATA_MASTER_KEY_ID: 'k-new' }),
    );
    for (const s of sample) {
      const opened = await newVault.open<string>(s.sealed);
      expect(opened.status === 'available' ? opened.value : 'erased').toBe(s.id === erased ? 'erased' : `Name ${s.id}`);
    }
    // A third run finds nothing to do.
    const third = startRewrap(env, 1_000);
    expect(await exited(third)).toBe(0);
    expect(third.output()).toMatch(/^0 re-wrapped, 0 skipped.*0 left$/m);

    console.log(
      JSON.stringify({
        rewrap: {
          subjects: SUBJECTS,
          firstRunKilledAfterMs: firstMs,
          rewrappedBeforeKill: afterKill,
          secondRunMs: secondMs,
          reads,
        },
      }),
    );
  }, 300_000);

  it('a Kafka value written under the previous master key decodes with the new key current', async () => {
    const env = testEnv();
    const kafka = createKafka({ brokers: env.kafkaBrokers, clientId: 'it-key-rotation' });
    const prefix = `${env.topicPrefix}rotation-${randomBytes(3).toString('hex')}-`;
    await ensureTopics(kafka, prefix);
    const topic = topicName(prefix, TOPICS.caseEvents);
    const publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    const before = new KafkaValueCodec(OLD).encode('{"type":"CrisisTriggered","written":"before"}');
    await publisher.publish(topic, [{ key: 'case-1', value: before, headers: { 'event-id': 'e-before' } }]);
    const rotated = masterKeyring({ PERSONAL_DATA_MASTER_KEY: NEW, PERSONAL_DATA_PREVIOUS_MASTER_KEYS: OLD });
    const codec = new KafkaValueCodec(rotated, { refuseUnencrypted: true });
    await publisher.publish(topic, [{ key: 'case-1', value: codec.encode('{"written":"after"}'), headers: {} }]);
    await publisher.disconnect();

    const seen: string[] = [];
    const sub = new KafkaSubscriber(kafka, `it-rotation-${randomUUID()}`, { valueCodec: codec });
    await sub.run(topic, async (m) => void seen.push(m.value));
    try {
      await eventually(async () => (seen.length >= 2 ? true : undefined), { timeoutMs: 30_000, what: 'both values' });
    } finally {
      await sub.stop();
    }
    expect(seen).toEqual(['{"type":"CrisisTriggered","written":"before"}', '{"written":"after"}']);
  });
});
