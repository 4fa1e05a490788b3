import { eventually, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import {
  adminDatabaseUrl,
  callApi,
  clusterCommand,
  isAlive,
  readShape,
  registerCase,
  restartDeadApps,
  SHAPE_DIR,
  type ClusterShape,
} from './support/cluster-shape';

/**
 * SIGKILL of the cluster's Temporal server (Postgres persistence, issue 15) while a crisis waits on
 * its timers, kept down past the first deadline that falls in the outage, then started again as
 * its supervisor would. The Leitstelle's disposition is reached in-app only: when its 60-second
 * window passes unconfirmed, the task escalates to the Lagedienst — a timer that came due while no
 * server could fire it. What an auditor checks: the escalation happened, once; every other step of
 * the crisis is in the log once; the API answered during the outage instead of hanging.
 */
let shape: ClusterShape;
let db: Client;
const log = (o: Record<string, unknown>) => process.stdout.write(`[cluster temporal] ${JSON.stringify(o)}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TEMPORAL_PID_FILE = path.join(SHAPE_DIR, 'temporal', 'temporal.pid');

beforeAll(async () => {
  shape = readShape();
  db = new Client({ connectionString: adminDatabaseUrl(shape) });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});
// Whatever happens below, the next file meets a Temporal server and every app again.
afterEach(() => {
  startTemporal();
  shape = restartDeadApps(shape);
});

function startTemporal(): { startedNow: boolean; ms: number } {
  const frontend = Number((shape.temporal as unknown as { ports: { frontend: number } }).ports.frontend);
  return clusterCommand([
    'temporal-up',
    '--base-port',
    String(frontend - 20),
    '--temporal-database',
    'temporal_cluster_test',
  ]) as { startedNow: boolean; ms: number };
}

/**
 * The crisis's events in the log, each with what makes its step unique: type, task, attempt or
 * contact, and the task's generation (how often it moved on before) — a chain may come back to a
 * contact (the guardian's does), a step decided twice may not.
 */
async function stepsOf(caseId: string) {
  const { rows } = await db.query<{ type: string; data: Record<string, unknown>; recorded_at: Date }>(
    `SELECT type, data, recorded_at FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [`case-${caseId}`],
  );
  const generation = new Map<string, number>();
  return rows.map((r) => {
    const taskId = r.data.taskId as string | undefined;
    const g = taskId ? (generation.get(taskId) ?? 0) : 0;
    if (taskId && r.type === 'TaskEscalated') generation.set(taskId, g + 1);
    const which = r.data.attemptId ?? r.data.toContactId ?? r.data.contactId;
    return {
      type: r.type,
      taskId,
      key: [r.type, taskId, which, `g${g}`].filter(Boolean).join(' '),
      at: r.recorded_at.getTime(),
      data: r.data,
    };
  });
}

describe('cluster shape faults: the Temporal server', () => {
  it(
    'SIGKILL of the Temporal server mid-escalation: started again, the escalation that came due fires once; nothing is duplicated',
    async () => {
      const caseworker = await tokenFor(shape.issuer, 'fachkraft');
      const { ref, caseId } = await registerCase(shape, caseworker, 'FALL-TF');
      const trigger = await callApi(
        shape,
        'POST',
        `/cases/${ref}/crises`,
        caseworker,
        { dangerKind: 'self', urgency: 'immediate' },
        { 'idempotency-key': `tf-${randomUUID()}` },
      );
      expect(trigger.status).toBe(201);

      // The five tasks are handed out (their windows and deadlines are timers in the server now).
      const notified = await eventually(
        async () => {
          const steps = await stepsOf(caseId);
          return steps.filter((s) => s.type === 'PartyNotified').length === 5 ? steps : undefined;
        },
        { what: 'the five notifications in the log', timeoutMs: 60_000, intervalMs: 500 },
      );
      const ambulanceNotifiedAt = notified.find((s) => s.type === 'PartyNotified' && s.taskId === 'task-ambulance')!.at;

      const pid = Number(fs.readFileSync(TEMPORAL_PID_FILE, 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      const killedAt = Date.now();
      await eventually(async () => (isAlive(pid) ? undefined : true), {
        what: 'the Temporal server gone',
        timeoutMs: 10_000,
      });

      // During the outage a caseworker still gets an answer: 503 with Retry-After, not a hang
      // (registering a case needs only Postgres).
      const { ref: otherRef, caseId: otherCaseId } = await registerCase(shape, caseworker, 'FALL-TF-B');
      const key = `tf-${randomUUID()}`;
      const triggerOther = () =>
        callApi(
          shape,
          'POST',
          `/cases/${otherRef}/crises`,
          caseworker,
          { dangerKind: 'others', urgency: 'immediate' },
          { 'idempotency-key': key },
        );
      const t0 = Date.now();
      const duringOutage = await triggerOther();
      const answeredInMs = Date.now() - t0;
      expect(duringOutage.status).toBe(503);

      // Down until well past the ambulance task's in-app window (60 s from its notification).
      const dueAt = ambulanceNotifiedAt + 60_000;
      await sleep(Math.max(0, dueAt + 15_000 - Date.now()));
      const escalatedBeforeRestart = (await stepsOf(caseId)).filter(
        (s) => s.type === 'TaskEscalated' && s.taskId === 'task-ambulance',
      ).length;
      const downForMs = Date.now() - killedAt;
      const restarted = startTemporal();
      expect(restarted.startedNow).toBe(true);
      const workersAlive = shape.processes.filter((p) => p.app === 'worker').map((p) => isAlive(p.pid));

      const afterRestart = Date.now();
      const steps = await eventually(
        async () => {
          const all = await stepsOf(caseId);
          return all.some((s) => s.type === 'TaskEscalated' && s.taskId === 'task-ambulance') ? all : undefined;
        },
        { what: "the ambulance task's escalation after the restart", timeoutMs: 120_000, intervalMs: 500 },
      );
      const escalatedMs = Date.now() - afterRestart;
      // The same request as during the outage, retried as a client would: one crisis for that case.
      const retried = await eventually(
        async () => {
          const r = await triggerOther();
          return r.status < 500 ? r : undefined;
        },
        { what: 'the retried trigger answered', timeoutMs: 60_000, intervalMs: 1_000 },
      );
      await sleep(3_000); // anything still on its way after the escalation
      const final = await stepsOf(caseId);
      const counts = new Map<string, number>();
      for (const s of final) counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
      const twice = [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
      const escalation = steps.find((s) => s.type === 'TaskEscalated' && s.taskId === 'task-ambulance')!;
      log({
        downForMs,
        apiAnsweredDuringOutageInMs: answeredInMs,
        temporalRestartMs: restarted.ms,
        workersAliveAfterOutage: workersAlive,
        escalatedAfterRestartMs: escalatedMs,
        escalationLateByMs: escalation.at - dueAt,
        eventsOfTheCrisis: final.length,
        twice,
      });

      expect(escalatedBeforeRestart).toBe(0);
      expect(escalation.data).toMatchObject({ cause: 'not_reached', toContactId: 'ct-ls-lagedienst' });
      expect(final.filter((s) => s.type === 'TaskEscalated' && s.taskId === 'task-ambulance')).toHaveLength(1);
      expect(final.filter((s) => s.type === 'CrisisTriggered')).toHaveLength(1);
      expect(twice).toEqual([]);
      expect([200, 201]).toContain(retried.status);
      const otherCrises = await eventually(
        async () => {
          const { rows } = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'CrisisTriggered'`,
            [`case-${otherCaseId}`],
          );
          return rows[0]!.n > 0 ? rows[0]!.n : undefined;
        },
        { what: "the retried trigger's crisis in the log", timeoutMs: 30_000, intervalMs: 500 },
      );
      expect(otherCrises).toBe(1);
    },
    8 * 60_000,
  );
});
