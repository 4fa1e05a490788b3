import { Client as TemporalClient, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Pool } from 'pg';

/** The organisations and tasks one trigger makes visible, as in the crisis (five tasks, four inboxes). */
export const BASELINE_TASKS: readonly { taskId: string; organisationId: string }[] = [
  { taskId: 'task-ambulance', organisationId: 'org-leitstelle-lindenau' },
  { taskId: 'task-clinic', organisationId: 'org-kjp-st-marien' },
  { taskId: 'task-youth_office', organisationId: 'org-jugendamt-lindenau' },
  { taskId: 'task-provider', organisationId: 'org-traeger-birkenhof' },
  { taskId: 'task-guardian', organisationId: 'org-jugendamt-lindenau' },
];

export interface BaselineRow {
  trigger_id: string;
  task_id: string;
  organisation_id: string;
}

export interface RawPath {
  /** `GET <sseUrl>?org=<organisationId>`: the rows of that organisation, one `task` message each. */
  sseUrl: string;
  /** Starts the raw workflow for one trigger (what the clock measures from is the caller's). */
  trigger(triggerId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The same path minus hilfenetz: a raw Temporal workflow on its own task queue whose one activity
 * INSERTs the trigger's rows into a plain table and pg_notify()s each (one statement, one commit),
 * and a node:http SSE endpoint that LISTENs and writes each row to the connected clients of its
 * organisation. No auth, no event store, no Kafka, no projection, no reload of a list.
 */
export async function startRawPath(opts: {
  databaseUrl: string;
  /** The schema owner: the apps' role may not create tables (migration 140). */
  ownerUrl: string;
  temporalAddress: string;
}): Promise<RawPath> {
  const setup = new Client({ connectionString: opts.ownerUrl, application_name: 'hilfenetz-bench-inbox-setup' });
  await setup.connect();
  await setup.query(`DROP TABLE IF EXISTS bench_inbox_baseline`);
  await setup.query(`CREATE TABLE bench_inbox_baseline (
      trigger_id text NOT NULL, task_id text NOT NULL, organisation_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (trigger_id, task_id))`);
  // The raw path writes as the apps do, with the apps' role.
  const appRole = decodeURIComponent(new URL(opts.databaseUrl).username);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(appRole)) throw new Error(`unexpected role name ${appRole}`);
  await setup.query(`GRANT SELECT, INSERT ON bench_inbox_baseline TO ${appRole}`);
  await setup.end();

  const pool = new Pool({ connectionString: opts.databaseUrl, max: 10, application_name: 'hilfenetz-bench-inbox-raw' });
  const rows = JSON.stringify(BASELINE_TASKS.map((t) => ({ task_id: t.taskId, organisation_id: t.organisationId })));
  const activities = {
    async insertTasks(triggerId: string): Promise<void> {
      await pool.query(
        `WITH ins AS (
           INSERT INTO bench_inbox_baseline (trigger_id, task_id, organisation_id)
           SELECT $1, t.task_id, t.organisation_id FROM json_to_recordset($2::json) AS t(task_id text, organisation_id text)
           RETURNING trigger_id, task_id, organisation_id)
         SELECT pg_notify('bench_inbox_baseline', row_to_json(ins)::text) FROM ins`,
        [triggerId, rows],
      );
    },
  };

  // The SSE endpoint: one LISTEN connection, fanned out to the clients of each organisation.
  const clients = new Map<string, Set<ServerResponse>>();
  const listener = new Client({ connectionString: opts.databaseUrl, application_name: 'hilfenetz-bench-inbox-listen' });
  await listener.connect();
  listener.on('notification', (n) => {
    if (!n.payload) return;
    const row = JSON.parse(n.payload) as BaselineRow;
    for (const res of clients.get(row.organisation_id) ?? []) res.write(`event: task\ndata: ${n.payload}\n\n`);
  });
  await listener.query('LISTEN bench_inbox_baseline');
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const org = url.searchParams.get('org');
    if (url.pathname !== '/stream' || !org) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`event: ready\ndata: {}\n\n`);
    const set = clients.get(org) ?? new Set<ServerResponse>();
    clients.set(org, set);
    set.add(res);
    req.on('close', () => set.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const taskQueue = `bench-inbox-raw-${randomUUID().slice(0, 8)}`;
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline.workflows'), logger: quiet });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: opts.temporalAddress }),
    taskQueue,
    workflowBundle: bundle,
    activities,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: opts.temporalAddress });
  const temporal = new TemporalClient({ connection });

  return {
    sseUrl: `http://127.0.0.1:${port}/stream`,
    async trigger(triggerId: string) {
      await temporal.workflow.start('baselineInbox', {
        taskQueue,
        workflowId: `bench-inbox-raw-${triggerId}`,
        args: [triggerId],
      });
    },
    async close() {
      for (const set of clients.values()) for (const res of set) res.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      worker.shutdown();
      await running;
      await connection.close();
      await listener.end();
      await pool.end();
    },
  };
}

const noop = () => undefined;
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
