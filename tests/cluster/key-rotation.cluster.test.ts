import { tokenFor, eventually } from '@hilfenetz/testing';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import {
  withRetries,
  adminDatabaseUrl,
  callApi,
  environmentOf,
  readShape,
  registerCase,
  restartDeadApps,
  rollInstance,
  ROOT,
  type ClusterShape,
} from './support/cluster-shape';

/**
 * Master key rotation under load (issue 15), as infra/deploy/README.md tells the operator: a
 * two-step roll of every replica (first the new key accepted beside the current one, then made
 * current with the old one accepted), then the online re-wrap of every subject key, while a
 * caseworker keeps registering cases, triggering crises and opening case files. What is checked is
 * what users and the operator would see: every request answered (a restart's 502 retried, never a
 * 500), every crisis reaching its five parties in the event log and in the task inbox (so the
 * projectors opened every Kafka value), no process logging a message under a key it lacks, every
 * subject key under the new master key, and a case registered before the rotation still readable.
 */
let shape: ClusterShape;
let db: Client;
const log = (o: Record<string, unknown>) => process.stdout.write(`[cluster key rotation] ${JSON.stringify(o)}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The master key id the apps store and send: the first 16 hex digits of SHA-256 of the key. */
const fingerprint = (base64: string) =>
  createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex').slice(0, 16);

beforeAll(async () => {
  shape = readShape();
  db = new Client({ connectionString: adminDatabaseUrl(shape) });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});
afterEach(() => {
  shape = restartDeadApps(shape);
});

describe('master key rotation under load', () => {
  it('two-step roll of every replica and the online re-wrap: nothing refused, lost or unreadable', async () => {
    const caseworker = await tokenFor(shape.issuer, 'fachkraft');
    const apps = shape.processes.filter((p) => ['api', 'worker', 'projector'].includes(p.app));
    const keyFile = environmentOf(apps[0]!.pid).PERSONAL_DATA_MASTER_KEY_FILE;
    if (!keyFile) throw new Error('the shape gives its apps the master key as a file');
    const oldKey = fs.readFileSync(keyFile, 'utf8').trim();
    const newKey = randomBytes(32).toString('base64');
    // Keys accepted before stay accepted (an operator keeps them until the retentions have passed).
    const previousBefore = environmentOf(apps[0]!.pid).PERSONAL_DATA_PREVIOUS_MASTER_KEYS ?? '';
    const keys = (key: string, env: Record<string, string | undefined>) =>
      [key, ...(env.PERSONAL_DATA_PREVIOUS_MASTER_KEYS ?? '').split(/[,\n]/).filter((k) => k.trim() !== '')].join(',');
    const logOffsets = new Map(apps.map((p) => [p.logFile, fs.statSync(p.logFile).size]));

    const [clinic, admin] = await Promise.all([tokenFor(shape.issuer, 'klinik'), tokenFor(shape.issuer, 'admin')]);
    // A case and a crisis from before the rotation: their subject key, Temporal history and Kafka
    // messages are under the old key.
    const before = await registerCase(shape, caseworker, 'FALL-KR');
    const started = await callApi(
      shape,
      'POST',
      `/cases/${before.ref}/crises`,
      caseworker,
      { dangerKind: 'self', urgency: 'immediate' },
      { 'idempotency-key': `kr-${randomUUID()}` },
    );
    expect(started.status).toBe(201);
    const crisisBefore = started.json<{ crisisId: string }>().crisisId;

    // The load: one case after another is registered, its crisis triggered and its file opened.
    const failures: string[] = [];
    const answers: { step: string; ref: string; status: number; body: string; retried: boolean }[] = [];
    const crises: { caseId: string; crisisId: string }[] = [];
    let stop = false;
    const load = (async () => {
      while (!stop) {
        const ref = `FALL-KR-${randomUUID().slice(0, 8)}`;
        const registered = await withRetries(
          () =>
            callApi(shape, 'POST', '/cases', caseworker, {
              caseId: ref,
              youngPerson: { givenName: 'Mia', familyName: 'Roth', dateOfBirth: '2011-03-04' },
            }),
          failures,
        );
        answers.push({ step: 'register', ref, ...registered });
        // A retry of a registration the first attempt had stored answers 409: the case exists.
        if (registered.status !== 201 && registered.status !== 409) continue;
        const key = `kr-${randomUUID()}`;
        const triggered = await withRetries(
          () =>
            callApi(
              shape,
              'POST',
              `/cases/${ref}/crises`,
              caseworker,
              { dangerKind: 'self', urgency: 'immediate' },
              { 'idempotency-key': key },
            ),
          failures,
        );
        answers.push({ step: 'trigger', ref, ...triggered });
        if (triggered.status === 201 || triggered.status === 200) {
          const { caseId, crisisId } = JSON.parse(triggered.body) as { caseId: string; crisisId: string };
          crises.push({ caseId, crisisId });
        }
        const opened = await withRetries(() => callApi(shape, 'GET', `/cases/${ref}`, caseworker), failures);
        answers.push({ step: 'open', ref, ...opened });
        // Two writes per round, under the caseworker's 60 writes a minute with room for the retries.
        await sleep(2_500);
      }
    })();

    try {
      await sleep(5_000);
      // Step 1: every replica accepts the new key; the old one stays current.
      for (const p of apps) {
        const t = Date.now();
        shape = await rollInstance(shape, p, (env) => ({
          ...env,
          PERSONAL_DATA_PREVIOUS_MASTER_KEYS: keys(newKey, env),
        }));
        log({ step: 'accepted', instance: p.name, rollMs: Date.now() - t, crises: crises.length });
      }
      // Step 2: the secret file holds the new key, the old one is accepted; every replica rolled again.
      fs.writeFileSync(keyFile, `${newKey}\n`, { mode: 0o600 });
      for (const p of shape.processes.filter((x) => apps.some((a) => a.name === x.name))) {
        const t = Date.now();
        shape = await rollInstance(shape, p, (env) => ({
          ...env,
          PERSONAL_DATA_PREVIOUS_MASTER_KEYS: keys(oldKey, { PERSONAL_DATA_PREVIOUS_MASTER_KEYS: previousBefore }),
        }));
        log({ step: 'current', instance: p.name, rollMs: Date.now() - t, crises: crises.length });
      }
      // The crisis from before goes on: a worker started under the new key replays its history
      // (sealed under the old one) to take the clinic's acknowledgement.
      const ack = await withRetries(
        () =>
          callApi(
            shape,
            'POST',
            `/cases/${before.caseId}/crises/${crisisBefore}/tasks/task-clinic/acknowledge`,
            clinic,
            {},
          ),
        failures,
      );
      expect(ack.status).toBe(200);
      // Erasure works mid-rotation: a case registered under the old key, erased before the re-wrap.
      const erasedRef = answers.find((a) => a.step === 'register' && a.status === 201)?.ref;
      if (!erasedRef) throw new Error('no case registered before the roll');
      const erased = await withRetries(
        () =>
          callApi(shape, 'POST', `/cases/${erasedRef}/erasure`, admin, {
            reason: 'Löschung während der Schlüsselrotation',
          }),
        failures,
      );
      expect(erased.status).toBe(204);
      const afterErasure = await callApi(shape, 'GET', `/cases/${erasedRef}`, caseworker);
      expect(afterErasure.json<{ youngPerson: { status: string } }>().youngPerson.status).toBe('erased');
      // Step 3: the re-wrap, online, while the load goes on.
      const worker = shape.processes.find((p) => p.app === 'worker')!;
      const rewrap = spawnSync(
        process.execPath,
        [
          path.join(ROOT, 'dist/node_modules/@hilfenetz/event-store/src/personal-data/rewrap-subject-keys.cli.js'),
          '500',
        ],
        {
          cwd: ROOT,
          env: { ...environmentOf(worker.pid), DATABASE_MIGRATION_URL: shape.databaseMigrationUrl },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      log({ step: 'rewrap', exit: rewrap.status, out: rewrap.stdout.trim().split('\n').at(-1) });
      expect(rewrap.stderr).toBe('');
      expect(rewrap.stdout).toMatch(/0 left\s*$/);
      await sleep(5_000);
    } finally {
      stop = true;
      await load;
    }

    const retriedBy: Record<string, number> = {};
    for (const f of failures) retriedBy[f] = (retriedBy[f] ?? 0) + 1;
    log({ crises: crises.length, answers: answers.length, retriedBy });
    expect(crises.length).toBeGreaterThanOrEqual(10);
    // Every request answered as it would be without the rotation; a restart's 502 was retried (a
    // registration the lost attempt had stored answers 409 to its retry).
    const expected = (a: (typeof answers)[number]) =>
      a.status === 200 || a.status === 201 || (a.step === 'register' && a.status === 409 && a.retried);
    expect(answers.filter((a) => !expected(a)).map((a) => `${a.step} ${a.status} ${a.body}`)).toEqual([]);

    // Every crisis reached its five parties in the log and in the inbox (the projectors opened every value).
    await eventually(
      async () => {
        const { rows } = await db.query<{ crisis_id: string; n: number }>(
          `SELECT crisis_id, count(*)::int AS n FROM task_inbox WHERE crisis_id = ANY($1::text[]) GROUP BY 1`,
          [crises.map((c) => c.crisisId)],
        );
        const short = crises.filter((c) => (rows.find((r) => r.crisis_id === c.crisisId)?.n ?? 0) < 5);
        return short.length === 0 ? true : undefined;
      },
      { what: 'five inbox tasks per crisis', timeoutMs: 120_000 },
    );
    const { rows: notified } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type = 'PartyNotified' AND data->>'crisisId' = ANY($1::text[])`,
      [crises.map((c) => c.crisisId)],
    );
    expect(notified[0]!.n).toBe(crises.length * 5);

    // No process met a Temporal payload or a Kafka value under a key it did not have.
    const refused = apps.flatMap((p) => {
      const text = fs.readFileSync(p.logFile, 'utf8').slice(logOffsets.get(p.logFile) ?? 0);
      return text.split('\n').filter((l) => l.includes('encrypted under key'));
    });
    expect(refused).toEqual([]);

    // Every subject key under the new master key; the case from before the rotation still opens.
    const { rows: wrapped } = await db.query<{ master_key_id: string; n: number }>(
      `SELECT master_key_id, count(*)::int AS n FROM data_subject_keys WHERE wrapped_key IS NOT NULL GROUP BY 1`,
    );
    expect(wrapped.map((r) => r.master_key_id)).toEqual([fingerprint(newKey)]);
    expect(wrapped.map((r) => r.master_key_id)).not.toContain(fingerprint(oldKey));
    const old = await callApi(shape, 'GET', `/cases/${before.ref}`, caseworker);
    expect(old.status).toBe(200);
    expect(old.json<{ youngPerson: { givenName?: string } }>().youngPerson.givenName).toBe('Lea');
  }, 900_000);
});
