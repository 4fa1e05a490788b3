import { createActivities } from '@hilfenetz/activities';
import { parseMasterKey, PersonalDataVault, type PostgresEventStore } from '@hilfenetz/event-store';
import { GuardianCodeStore } from '@hilfenetz/persistence';
import type { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';

/**
 * What the benches' worker processes share: the apps' real activities, and the IPC loop that
 * lets the parent measure the worker's memory.
 */

/**
 * The real activities over `store`. No channel outside the app: every message to a party is
 * recorded as not configured, as in a deployment without SMTP or SMS gateway — the benches price
 * the workflows, not a mail server.
 */
export function benchActivities(ds: DataSource, store: PostgresEventStore) {
  const masterKey = process.env.PERSONAL_DATA_MASTER_KEY ?? '';
  return createActivities({
    eventStore: store,
    notifications: {
      eventStore: store,
      vault: new PersonalDataVault(ds, parseMasterKey(masterKey)),
      channels: [],
      guardianCodes: GuardianCodeStore.fromMasterKey(ds, masterKey),
      appUrl: 'http://127.0.0.1:5173',
    },
  });
}

/**
 * Runs `worker` until the parent sends `stop`, answering `measure` with the process's memory after
 * forced collections (`--expose-gc`; two: the first may only finalise what the second frees).
 * Tells the parent `ready` once the worker polls.
 */
export async function runMeasuredWorker(worker: Worker, send: (m: unknown) => void): Promise<void> {
  if (!global.gc) throw new Error('run with --expose-gc');
  process.on('message', (m: { measure?: boolean; stop?: boolean }) => {
    if (m.measure) {
      global.gc!();
      global.gc!();
      send({ memory: process.memoryUsage() });
    }
    if (m.stop) worker.shutdown();
  });
  const running = worker.run();
  send({ ready: true });
  await running;
}
