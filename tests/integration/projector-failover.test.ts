import { createKafka, ensureTopics, TOPICS, topicName } from '@hilfenetz/event-bus';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { AdvisoryLockLeadership, allProjections, ProjectionRunner } from '@hilfenetz/projector';
import {
  aCaseStream,
  aCrisisTriggered,
  collectFromTopic,
  ensureDatabase,
  eventually,
  openDataSource,
  resetDatabase,
  startApp,
  stopApp,
  testEnv,
  waitForOutput,
  withDatabaseSuffix,
  type AppProcess,
} from '@hilfenetz/testing';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DataSource } from 'typeorm';

const ROOT = path.resolve(__dirname, '..', '..');
const DB_SUFFIX = 'failover';

/** Every projection's tables, rows sorted, with the columns that say when a row was written left out. */
async function readModels(ds: DataSource): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const p of allProjections()) {
    for (const table of p.tables) {
      const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM ${table}`);
      out[table] = rows
        .map((r) => {
          const { updated_at: _u, created_at: _c, projected_at: _p, ...rest } = r;
          return JSON.stringify(rest);
        })
        .sort();
    }
  }
  const checkpoints: { projection: string; stream_id: string; stream_version: number }[] = await ds.query(
    `SELECT projection, stream_id, stream_version FROM projection_checkpoints`,
  );
  out.projection_checkpoints = checkpoints.map((c) => `${c.projection} ${c.stream_id} ${c.stream_version}`).sort();
  return out;
}

/** The process id in the application name of the connection holding the relay's lock, if any. */
async function relayLeaderPid(ds: DataSource): Promise<number | null> {
  const rows: { application_name: string }[] = await ds.query(
    `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'hilfenetz-relay-leader:%'
       AND a.datname = current_database()`,
  );
  if (rows.length > 1) throw new Error(`two relay leaders: ${rows.map((r) => r.application_name).join(', ')}`);
  return rows[0] ? Number(rows[0].application_name.split(':')[1]) : null;
}

/**
 * Two projector processes on one event log (issue 15): the relay runs on the one holding the
 * advisory lock, the projections consume as one group per projection across both. SIGKILL the
 * relay's holder while events are appended: the other takes the relay over, every event reaches
 * Kafka, each stream's events first appear there in version order (no gap a projection could
 * skip), and the read models equal a rebuild from the store (each event applied once).
 */
describe('projector failover: two replicas, one relay', () => {
  let ds: DataSource;
  const apps: AppProcess[] = [];
  /** Ends a test's appender: also after a failed test, before the pool it appends through closes. */
  let stopAppending: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    await ensureDatabase(DB_SUFFIX);
    await resetDatabase(withDatabaseSuffix(testEnv().migrationUrl, DB_SUFFIX));
    ds = await openDataSource(withDatabaseSuffix(testEnv().databaseUrl, DB_SUFFIX), 6);
  });
  afterAll(async () => {
    await stopAppending();
    for (const app of apps) await stopApp(app, 'SIGKILL');
    await ds?.destroy();
  });

  it('SIGKILL of the relay leader: the other takes over, nothing lost, projections exact', async () => {
    const env = testEnv();
    const prefix = `${env.topicPrefix}failover-${randomBytes(3).toString('hex')}-`;
    await ensureTopics(createKafka({ brokers: env.kafkaBrokers, clientId: 'it-failover' }), prefix);
    const topic = topicName(prefix, TOPICS.caseEvents);
    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: withDatabaseSuffix(env.databaseUrl, DB_SUFFIX),
      KAFKA_TOPIC_PREFIX: prefix,
      OIDC_ISSUER: 'http://127.0.0.1:9', // the projector serves no tokens; the schema wants one
      RELAY_POLL_INTERVAL_MS: '50',
    };
    for (const name of ['a', 'b']) {
      const app = startApp(ROOT, 'projector', appEnv);
      app.name = `projector-failover-${name}`;
      apps.push(app);
    }
    await Promise.all(apps.map((a) => waitForOutput(a, 'projector running')));

    const store = new PostgresEventStore(ds);
    const streams = Array.from({ length: 20 }, () => aCaseStream('FAILOVER'));
    const appended: string[] = [];
    let appending = true;
    const appender = (async () => {
      // Continuously, about 50 events/s over 20 streams: each stream gets many versions, so a
      // skipped or reordered one would show in the projections.
      while (appending) {
        const s = streams[appended.length % streams.length]!;
        const e = aCrisisTriggered(s.caseId);
        await store.append(s.streamId, [e]);
        appended.push(e.eventId);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    stopAppending = async () => {
      appending = false;
      await appender.catch(() => undefined);
    };

    const leaderPid = await eventually(async () => (await relayLeaderPid(ds)) ?? undefined, {
      what: 'a relay leader',
    });
    const leader = apps.find((a) => a.child.pid === leaderPid);
    const follower = apps.find((a) => a.child.pid !== leaderPid)!;
    expect(leader).toBeDefined();
    // The leader relays: events appended now reach the projections.
    await eventually(
      async () => {
        const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM timeline_entries`)) as [{ n: number }];
        return n >= 50 ? n : undefined;
      },
      { timeoutMs: 60_000, what: 'the first events projected' },
    );

    const killedAt = Date.now();
    const appendedBeforeKill = appended.length;
    leader!.child.kill('SIGKILL');
    const newLeader = await eventually(
      async () => {
        const pid = await relayLeaderPid(ds);
        return pid !== null && pid !== leaderPid ? pid : undefined;
      },
      // A functional bound, not a benchmark: the follower tries once a second and Postgres frees a
      // killed process's lock when its socket closes; 10 s is issue 15's promise with margin here.
      { timeoutMs: 10_000, intervalMs: 25, what: 'the follower to take the relay lock' },
    );
    const lockTakenMs = Date.now() - killedAt;
    expect(newLeader).toBe(follower.child.pid);
    // The first event appended after the kill, on Kafka through the new leader.
    const probe = appended[appendedBeforeKill + 1] ?? (await eventually(async () => appended[appendedBeforeKill + 1]));
    await collectFromTopic(env.kafkaBrokers, topic, (ms) => ms.some((m) => m.headers['event-id'] === probe), 30_000);
    const relayedAgainMs = Date.now() - killedAt;

    await new Promise((r) => setTimeout(r, 3_000));
    appending = false;
    await appender;

    const onKafka = await collectFromTopic(
      env.kafkaBrokers,
      topic,
      (ms) => {
        const ids = new Set(ms.map((m) => m.headers['event-id']));
        return appended.every((id) => ids.has(id));
      },
      60_000,
    );
    const ids = new Set(onKafka.map((m) => m.headers['event-id']));
    expect(appended.filter((id) => !ids.has(id))).toEqual([]);
    expect([...ids].filter((id) => !appended.includes(id!))).toEqual([]);
    // Per stream, versions first appear on Kafka as 1, 2, 3, …: a consumer that skips versions it
    // has seen (the ProjectionRunner) never skips one it has not.
    const firstSeen = new Map<string, number>();
    for (const m of onKafka) {
      const v = (JSON.parse(m.value) as { streamVersion: number }).streamVersion;
      const last = firstSeen.get(m.key) ?? 0;
      if (v > last) {
        expect(v).toBe(last + 1);
        firstSeen.set(m.key, v);
      }
    }

    // Every projection reaches every stream's head (the survivor took over the killed one's
    // partitions after the group's session timeout).
    const heads = new Map<string, number>(
      (
        (await ds.query(
          `SELECT stream_id, max(stream_version)::int AS v FROM events WHERE stream_id = ANY($1::text[]) GROUP BY 1`,
          [streams.map((s) => s.streamId)],
        )) as { stream_id: string; v: number }[]
      ).map((r) => [r.stream_id, r.v]),
    );
    const projectionNames = allProjections().map((p) => p.name);
    await eventually(
      async () => {
        const rows: { projection: string; stream_id: string; stream_version: number }[] = await ds.query(
          `SELECT projection, stream_id, stream_version FROM projection_checkpoints WHERE stream_id = ANY($1::text[])`,
          [[...heads.keys()]],
        );
        const caughtUp = rows.filter((r) => r.stream_version === heads.get(r.stream_id)).length;
        return caughtUp === heads.size * projectionNames.length ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'every projection at every stream head' },
    );
    const catchUpMs = Date.now() - killedAt;
    await stopApp(follower);

    const live = await readModels(ds);
    for (const p of allProjections()) await new ProjectionRunner(ds, p, store).rebuild();
    const rebuilt = await readModels(ds);
    expect(live.timeline_entries).toHaveLength(appended.length);
    expect(live).toEqual(rebuilt);

    console.log(
      JSON.stringify({
        failover: {
          events: appended.length,
          onKafka: onKafka.length,
          duplicatesOnKafka: onKafka.length - ids.size,
          lockTakenMs,
          relayedAgainMs,
          projectionsCaughtUpMs: catchUpMs,
        },
      }),
    );
  }, 300_000);

  it('a leader whose lock connection is cut stops its task at once; one of the two leads again', async () => {
    const url = withDatabaseSuffix(testEnv().databaseUrl, DB_SUFFIX);
    const lockName = `test-leadership-${randomBytes(4).toString('hex')}`;
    const running = new Set<string>();
    const stopped: string[] = [];
    const make = (name: string) =>
      new AdvisoryLockLeadership({ databaseUrl: url, lockName, retryIntervalMs: 100 }, async () => {
        running.add(name);
        return {
          stop: async () => {
            running.delete(name);
            stopped.push(name);
          },
        };
      });
    const first = make('first');
    const second = make('second');
    await first.start();
    await second.start();
    try {
      expect(first.leading).toBe(true);
      expect(second.leading).toBe(false);
      // The server ends the leader's session, as a failover of the database or a network cut would.
      const [{ n }] = (await ds.query(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
         WHERE application_name = $1 AND datname = current_database()
           AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`,
        [`hilfenetz-relay-leader:${process.pid}`],
      )) as [{ n: number }];
      expect(n).toBe(1);
      // The cut leader stops its task; then whoever takes the lock first leads — the second, or the
      // first again on a new connection (both retry; a database failover makes no preference).
      const leader = await eventually(
        async () =>
          stopped.includes('first') && first.leading !== second.leading ? (first.leading ? first : second) : undefined,
        { what: 'the cut leader to stop and one of the two to lead' },
      );
      const follower = leader === first ? second : first;
      expect(running).toEqual(new Set([leader === first ? 'first' : 'second']));
      // The other stays a follower while the lock is held.
      await new Promise((r) => setTimeout(r, 500));
      expect(follower.leading).toBe(false);
      expect(running.size).toBe(1);
    } finally {
      await first.stop();
      await second.stop();
    }
    expect(running.size).toBe(0);
  });
});
