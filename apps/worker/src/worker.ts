import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '@hilfenetz/activities';
import { encryptedDataConverter, transportCodecOptions } from '@hilfenetz/transport-encryption';
import { masterKeyring, temporalConnectionOptions, workflowBundleOptions, type AppConfig } from '@hilfenetz/config';
import { PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import { GuardianCodeStore, createDataSource } from '@hilfenetz/persistence';
import { AgreementVersionsRepository } from '@hilfenetz/read-models';
import type { Registry } from 'prom-client';
import { instrumentActivities } from './activity-metrics';
import { notificationChannels } from './notification-channels';

export interface RunningWorker {
  worker: Worker;
  shutdown(): Promise<void>;
}

/** Where the workflow code comes from: a prebuilt bundle in production, the sources in development. */
export type WorkflowSource = { workflowBundlePath: string } | { workflowsPath: string };

export function defaultWorkflowSource(config: Pick<AppConfig, 'WORKFLOW_BUNDLE_PATH'>): WorkflowSource {
  const bundle = config.WORKFLOW_BUNDLE_PATH;
  return bundle ? { workflowBundlePath: bundle } : { workflowsPath: require.resolve('./workflows') };
}

export async function createWorker(
  config: AppConfig,
  source: WorkflowSource = defaultWorkflowSource(config),
  opts: { metrics?: Registry } = {},
): Promise<RunningWorker> {
  const ds = await createDataSource(config.DATABASE_URL, { applicationName: 'hilfenetz-worker' }).initialize();
  // Plain to the dev server; with TEMPORAL_TLS_* mutual TLS to a frontend that requires it (issue 15).
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  // Every payload in and out of Temporal encrypted (docs/adr/0009); older unencrypted ones still decode,
  // and payloads under a previous master key too (docs/adr/0023).
  const keys = masterKeyring(config);
  const dataConverter = encryptedDataConverter(keys, transportCodecOptions(config));
  // The crisis starts the Hilfeplanung at discharge (docs/adr/0013): a client, encrypted like the API's.
  const clientConnection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
  const agreementVersions = new AgreementVersionsRepository(ds);
  const activities = createActivities({
    eventStore: new PostgresEventStore(ds),
    hilfeplanungStart: { temporal, taskQueue: config.TEMPORAL_TASK_QUEUE },
    notifications: {
      eventStore: new PostgresEventStore(ds),
      vault: new PersonalDataVault(ds, keys),
      channels: notificationChannels(config),
      guardianCodes: GuardianCodeStore.fromMasterKey(ds, config.PERSONAL_DATA_MASTER_KEY),
      appUrl: config.PUBLIC_APP_URL,
      // A case's agreement is the one its lead office signed, as the API reads it (ADR 0015).
      agreementVersions: () => agreementVersions.all(),
    },
  });
  const options: WorkerOptions = {
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataConverter,
    activities: opts.metrics ? instrumentActivities(activities, opts.metrics) : activities,
    ...('workflowBundlePath' in source
      ? { workflowBundle: { codePath: source.workflowBundlePath } }
      : { workflowsPath: source.workflowsPath, bundlerOptions: workflowBundleOptions }),
  };
  // The patched SDK reads this in each workflow thread (docs/adr/0045); threads copy process.env when
  // they start, so a value from the config (a .env file, a default) must be there before.
  process.env.TEMPORAL_WORKFLOW_STACK_TRACES = config.TEMPORAL_WORKFLOW_STACK_TRACES;
  const worker = await Worker.create(options);
  return {
    worker,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await connection.close().catch(() => undefined);
      await clientConnection.close().catch(() => undefined);
      await ds.destroy();
    },
  };
}
