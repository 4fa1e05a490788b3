import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporalConnectionOptions } from '@hilfenetz/config';
import * as activities from './support/temporal-greeting.activities';
import {
  startTemporalServer,
  stopTemporalServer,
  type TemporalServerUnderTest,
} from './support/temporal-server-fixture';

/**
 * The cluster's Temporal server (infra/cluster/lib/temporal-server.mjs): the real server on
 * Postgres with SQL visibility, its frontend requiring client certificates signed by the cluster's
 * CA. The apps' way of connecting (temporalConnectionOptions from TEMPORAL_TLS_*) runs a workflow
 * and finds it by our search attributes; clients without TLS or without a certificate are refused.
 */
describe('Temporal server of the cluster (mTLS, Postgres)', () => {
  let server: TemporalServerUnderTest;

  // The first run builds the server from the Go module proxy (minutes on 2 cores); later ones start it in seconds.
  beforeAll(() => {
    server = startTemporalServer();
  }, 15 * 60_000);
  afterAll(() => stopTemporalServer(), 60_000);

  const appOptions = () => temporalConnectionOptions(server);

  it('runs a workflow for a client and a worker connected with the client certificate, found by our search attributes', async () => {
    const options = appOptions();
    expect(options.tls?.clientCertPair.crt.length).toBeGreaterThan(0);
    const connection = await Connection.connect(options);
    const nativeConnection = await NativeConnection.connect(options);
    try {
      const client = new Client({ connection, namespace: server.TEMPORAL_NAMESPACE });
      const taskQueue = `cluster-test-${randomUUID()}`;
      const caseId = `case-${randomUUID()}`;
      const organisation = `org-${randomUUID().slice(0, 8)}`;
      const worker = await Worker.create({
        connection: nativeConnection,
        namespace: server.TEMPORAL_NAMESPACE,
        taskQueue,
        workflowsPath: require.resolve('./support/temporal-greeting.workflow'),
        activities,
      });
      const result = await worker.runUntil(
        client.workflow.execute('greetingWorkflow', {
          taskQueue,
          workflowId: `greeting-${caseId}`,
          args: ['Lindenau', [organisation, 'jugendamt-lindenau']],
          searchAttributes: { HilfenetzCaseId: [caseId] },
        }),
      );
      expect(result).toBe('Hallo, Lindenau');

      // Visibility is written after the history, by the server's own tasks: poll briefly.
      const listed = async (query: string) => {
        const ids: string[] = [];
        for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
        return ids;
      };
      const deadline = Date.now() + 20_000;
      let byCase: string[] = [];
      let byAll: string[] = [];
      while (Date.now() < deadline) {
        byCase = await listed(`HilfenetzCaseId = '${caseId}'`);
        byAll = await listed(
          `HilfenetzCaseId = '${caseId}' AND HilfenetzStatus = 'greeted' AND HilfenetzOrganisations = '${organisation}' AND ExecutionStatus = 'Completed'`,
        );
        if (byCase.length && byAll.length) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(byCase).toEqual([`greeting-${caseId}`]);
      expect(byAll).toEqual([`greeting-${caseId}`]);
      expect(await listed(`HilfenetzCaseId = 'case-${randomUUID()}'`)).toEqual([]);

      // The namespace carries the retention the cluster documents (infra/deploy/README.md).
      const described = await connection.workflowService.describeNamespace({ namespace: server.TEMPORAL_NAMESPACE });
      expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(7 * 24 * 3600);
    } finally {
      await nativeConnection.close();
      await connection.close();
    }
  });

  it('refuses a client that connects without TLS', async () => {
    // grpc-js keeps retrying a connection whose handshake never works until its deadline; the
    // worker's native connection hears the server hang up on clear-text HTTP/2 at once — reported
    // by tonic either as a transport error or, when the close races the first call, as a
    // cancelled call on a closed connection or on one that was never ready (all three seen here).
    // Either way nothing was answered.
    await expect(Connection.connect({ address: server.TEMPORAL_ADDRESS, connectTimeout: 5_000 })).rejects.toThrow(
      /Failed to connect before the deadline/,
    );
    await expect(NativeConnection.connect({ address: server.TEMPORAL_ADDRESS })).rejects.toThrow(
      /transport error|Canceled, "connection (closed|was not ready)"/,
    );
  });

  it('refuses a TLS client that trusts the server but presents no client certificate', async () => {
    const tls = {
      serverRootCACertificate: readFileSync(server.TEMPORAL_TLS_CA_FILE),
      serverNameOverride: server.TEMPORAL_TLS_SERVER_NAME,
    };
    // The same CA and name the successful client uses: only the missing certificate differs.
    await expect(Connection.connect({ address: server.TEMPORAL_ADDRESS, tls, connectTimeout: 5_000 })).rejects.toThrow(
      /Failed to connect before the deadline/,
    );
    // rustls names the server's alert (CertificateRequired) when it reads it before the server
    // closes the connection, and reports the closed transport when not.
    await expect(NativeConnection.connect({ address: server.TEMPORAL_ADDRESS, tls })).rejects.toThrow(
      /CertificateRequired|connection closed|broken pipe/,
    );
  });

  it('refuses a client certificate that another CA signed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'foreign-ca-'));
    try {
      // A self-signed certificate with client use: well-formed, but not from the cluster's CA.
      const key = path.join(dir, 'key.pem');
      const crt = path.join(dir, 'crt.pem');
      const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'];
      args.push('-subj', '/CN=hilfenetz-app', '-addext', 'extendedKeyUsage=clientAuth', '-keyout', key, '-out', crt);
      expect(spawnSync('openssl', args, { encoding: 'utf8' }).status).toBe(0);
      const tls = {
        serverRootCACertificate: readFileSync(server.TEMPORAL_TLS_CA_FILE),
        serverNameOverride: server.TEMPORAL_TLS_SERVER_NAME,
        clientCertPair: { crt: readFileSync(crt), key: readFileSync(key) },
      };
      await expect(NativeConnection.connect({ address: server.TEMPORAL_ADDRESS, tls })).rejects.toThrow(
        // The server checks the certificate after the client's half of the TLS 1.3 handshake and closes
        // the connection; the SDK reports the closed transport, not the alert.
        /UnknownCA|BadCertificate|transport error|connection closed/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
