import { freePort, startApp, stopApp, waitForHttpOk, waitForOutput, type AppProcess } from '@hilfenetz/testing';
import { createServer, connect, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { e2eStack } from '../support/e2e-stack';
import { expectProblem } from './attack-support';

const stack = e2eStack();
const root = path.resolve(__dirname, '..', '..', '..');

/** A TCP relay in front of a dependency, which the test can cut like a failing network. */
async function relay(target: { host: string; port: number }): Promise<{ port: number; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/**
 * Issue 13, finding 9: `/ready` is public (load balancers ask it), so when a dependency fails it
 * says which, never how: a connection error names hosts, ports and users. The details go to the
 * log. Its own API process, reaching Postgres through a relay the test cuts.
 */
describe('attack: reading infrastructure details from /ready', () => {
  let api: AppProcess | undefined;

  afterAll(async () => {
    if (api) await stopApp(api);
  });

  it('a healthy API answers ready with nothing but a status per dependency', async () => {
    const res = await fetch(`${stack.apiUrl}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', postgres: 'ok', temporal: 'ok' });
  });

  it('with Postgres gone it answers 503 problem+json naming the dependency, and logs the error', async () => {
    const db = new URL(stack.databaseUrl);
    const pg = await relay({ host: db.hostname, port: Number(db.port || 5432) });
    const viaRelay = new URL(stack.databaseUrl);
    viaRelay.port = String(pg.port);
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    api = startApp(root, 'api', {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: viaRelay.toString(),
      KAFKA_TOPIC_PREFIX: stack.topicPrefix,
      TEMPORAL_TASK_QUEUE: process.env.E2E_TASK_QUEUE,
      OIDC_ISSUER: stack.issuer,
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    await waitForHttpOk(`${apiUrl}/ready`, api);

    await pg.cut();
    // The operator still learns what broke: from the log, not from the public answer. Listened
    // for on the process's output, since the log file is written a moment after the answer.
    const logged = waitForOutput(api, 'postgres not ready', 30_000);
    const problem = await expectProblem(await fetch(`${apiUrl}/ready`), 503);
    expect(problem).toMatchObject({ title: 'Not ready', dependencies: { postgres: 'unavailable', temporal: 'ok' } });
    const body = JSON.stringify(problem);
    for (const leak of [String(pg.port), db.hostname, decodeURIComponent(db.username), 'ECONNREFUSED', 'connect']) {
      expect({ leak, found: body.includes(leak) }).toEqual({ leak, found: false });
    }
    await expect(logged).resolves.toBeUndefined();
  });
});
