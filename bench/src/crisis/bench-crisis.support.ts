import { createActivities } from '@hilfenetz/activities';
import type { CrisisWorkflowInput, NewEvent } from '@hilfenetz/contracts';
import { parseMasterKey, PersonalDataVault, PostgresEventStore, type ExpectedVersion } from '@hilfenetz/event-store';
import { GuardianCodeStore } from '@hilfenetz/persistence';
import { workflowBundleOptions } from '@hilfenetz/config';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** The real event store, telling `onNotified` how many PartyNotified of a workflow became durable. */
export class ObservedStore extends PostgresEventStore {
  constructor(
    ds: DataSource,
    private readonly onNotified: (workflowId: string, count: number) => void,
  ) {
    super(ds);
  }
  override async append(streamId: string, events: NewEvent[], expected?: ExpectedVersion) {
    const r = await super.append(streamId, events, expected);
    const notified = events.filter((e) => e.type === 'PartyNotified').length;
    const wf = events[0]?.metadata.workflowId;
    if (notified > 0 && wf) this.onNotified(wf, notified);
    return r;
  }
}

/**
 * The crisis's real activities over the observed store. No channel outside the app: the bench
 * prices the protocol, not an SMS gateway.
 */
export function crisisActivities(ds: DataSource, store: PostgresEventStore) {
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

/** A new crisis on a new case, as the API would start it (the demo agreement). */
export function benchCrisisInput(): CrisisWorkflowInput {
  const caseId = `FALL-BENCH-${randomUUID().slice(0, 8)}`;
  return {
    crisisId: `crisis-${caseId}-${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    caseId,
    dangerKind: 'self',
    urgency: 'immediate',
    triggeredBy: { id: 'u-bench', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
    requestedAt: new Date().toISOString(),
    correlationId: randomUUID(),
    agreement: { agreementId: 'lindenau-krisenkooperation', version: '2026-1' },
  };
}

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };

/**
 * A worker for the bench's workflows (`bench.workflows.ts`), bundled as the app's worker bundles
 * (preloaded libraries, docs/adr/0044).
 */
export async function benchWorker(opts: { taskQueue: string; cachedWorkflows: number; activities: object }) {
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./bench.workflows'),
    logger: quiet,
    ...workflowBundleOptions,
  });
  return Worker.create({
    connection: await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }),
    taskQueue: opts.taskQueue,
    workflowBundle: bundle,
    maxCachedWorkflows: opts.cachedWorkflows,
    activities: opts.activities,
  });
}
