import type { TaskInboxResponse, TimelineResponse } from '@hilfenetz/contracts';
import { eventually, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { adminDatabaseUrl, callApi, readShape, ROOT, type ClusterShape } from './support/cluster-shape';

/**
 * The crisis journey through the cluster shape (issue 15), TLS on every hop: the client reaches
 * Caddy over HTTPS trusting only its local CA; Caddy balances over two API instances; the apps
 * reach Temporal with mutual TLS, Kafka with TLS and SCRAM, Postgres with verify-full.
 */
let shape: ClusterShape;
beforeAll(() => {
  shape = readShape();
});

describe('the cluster shape: two of every app, TLS everywhere', () => {
  it('runs two of every app from dist/ in production mode, configured for TLS to every server', () => {
    const apps = shape.processes.filter((p) => ['api', 'worker', 'projector'].includes(p.app));
    expect(apps.map((p) => p.name).sort()).toEqual([
      'api-1',
      'api-2',
      'projector-1',
      'projector-2',
      'worker-1',
      'worker-2',
    ]);
    for (const p of apps) {
      const cmdline = fs.readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      expect(cmdline).toEqual([process.execPath, path.join(ROOT, 'dist', 'apps', p.app, 'src', 'main.js')]);
      const environ = new Map(
        fs
          .readFileSync(`/proc/${p.pid}/environ`, 'utf8')
          .split('\0')
          .filter(Boolean)
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const),
      );
      expect(environ.get('NODE_ENV')).toBe('production');
      expect(environ.has('PERSONAL_DATA_MASTER_KEY')).toBe(false);
      expect(environ.get('PERSONAL_DATA_MASTER_KEY_FILE')).toBeTruthy();
      expect(environ.get('TEMPORAL_TLS_CERT_FILE')).toBeTruthy();
      expect(environ.get('KAFKA_SSL_CA_FILE')).toBeTruthy();
      expect(environ.get('KAFKA_SASL_MECHANISM')).toBe('scram-sha-512');
      expect(environ.get('DATABASE_URL')).toMatch(/[?&]sslmode=verify-full(&|$)/);
    }
  });

  it('the apps’ Postgres connections are encrypted', async () => {
    // Postgres's own view of every connection to the shape's database.
    // As the superuser (only it sees other roles' sessions' TLS state), over TLS itself.
    const admin = new Client({ connectionString: adminDatabaseUrl(shape) });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ application_name: string; ssl: boolean }>(
        `SELECT a.application_name, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
         WHERE a.datname = current_database() AND a.application_name LIKE 'hilfenetz-%'`,
      );
      const names = new Set(rows.map((r) => r.application_name.replace(/:\d+$/, '')));
      // The pools close idle connections (a worker may hold none right now); these are always open.
      expect([...names].sort()).toEqual(
        expect.arrayContaining(['hilfenetz-api', 'hilfenetz-projector', 'hilfenetz-relay-leader']),
      );
      expect(rows.filter((r) => !r.ssl)).toEqual([]);
    } finally {
      await admin.end();
    }
  });

  it('a caseworker registers a case and triggers a crisis over HTTPS; the clinic sees and acknowledges its task; the timeline shows it', async () => {
    const [caseworker, clinic, supervisor] = await Promise.all(
      ['fachkraft', 'klinik', 'leitung'].map((u) => tokenFor(shape.issuer, u)),
    );
    const caseRef = `FALL-CLUSTER-${randomUUID().slice(0, 8)}`;
    const registered = await callApi(shape, 'POST', '/cases', caseworker!, {
      caseId: caseRef,
      youngPerson: {
        givenName: 'Mira',
        familyName: 'Vogtland',
        dateOfBirth: '2011-03-14',
        address: 'Lindenweg 3, Lindenau',
      },
    });
    expect(registered.status).toBe(201);
    const caseId = registered.json<{ caseId: string }>().caseId;

    const trigger = await callApi(
      shape,
      'POST',
      `/cases/${caseRef}/crises`,
      caseworker!,
      { dangerKind: 'others', urgency: 'immediate' },
      { 'idempotency-key': `journey-${randomUUID()}` },
    );
    expect(trigger.status).toBe(201);
    const { crisisId } = trigger.json<{ crisisId: string }>();

    // The relay (one projector) publishes through Kafka; a projection (either projector) fills the inbox.
    const inbox = await eventually(
      async () => {
        const r = await callApi(shape, 'GET', `/tasks?caseId=${encodeURIComponent(caseId)}`, clinic!);
        const body = r.json<TaskInboxResponse>();
        return body.tasks.length ? body : undefined;
      },
      { what: "the clinic's task in its inbox", timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(inbox.organisationId).toBe('org-kjp-st-marien');
    expect(inbox.tasks).toEqual([
      expect.objectContaining({ crisisId, taskId: 'task-clinic', party: 'clinic', status: 'open' }),
    ]);

    const ack = await callApi(
      shape,
      'POST',
      `/cases/${caseId}/crises/${crisisId}/tasks/task-clinic/acknowledge`,
      clinic!,
      {},
    );
    expect(ack.status).toBe(200);
    expect(ack.json<{ alreadyAcknowledged: boolean }>().alreadyAcknowledged).toBe(false);

    const entries = await eventually(
      async () => {
        const r = await callApi(shape, 'GET', `/cases/${caseId}/timeline`, supervisor!);
        const t = r.json<TimelineResponse>();
        return t.entries.some((e) => e.type === 'TaskAcknowledged') ? t.entries : undefined;
      },
      { what: 'the acknowledgement in the timeline', timeoutMs: 60_000, intervalMs: 500 },
    );
    const types = entries.map((e) => e.type);
    expect(types.filter((t) => t === 'CrisisTriggered')).toHaveLength(1);
    expect(types.filter((t) => t === 'PartyNotified')).toHaveLength(5);
    expect(types).toContain('TaskAcknowledged');

    // The clinic's inbox shows the task acknowledged (the case id scoped by the office: the clinic's way to name it).
    await eventually(
      async () => {
        const r = await callApi(shape, 'GET', `/tasks?status=all&caseId=${encodeURIComponent(caseId)}`, clinic!);
        return r.json<TaskInboxResponse>().tasks[0]?.status === 'acknowledged' ? true : undefined;
      },
      { what: 'the task acknowledged in the inbox', timeoutMs: 30_000, intervalMs: 500 },
    );
  }, 180_000);
});
