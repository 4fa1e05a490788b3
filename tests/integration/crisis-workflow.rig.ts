import { createActivities } from '@hilfenetz/activities';
import type { Actor, CrisisEvent, CrisisLiveState, CrisisWorkflowInput, StoredEvent } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { openDataSource, quietBundlerLogger, registerSearchAttributes, testEnv } from '@hilfenetz/testing';
import { crisisStatus } from '@hilfenetz/workflow-crisis/src/messages';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * What the crisis workflow tests share: Temporal's time-skipping test server (obtained by
 * `npm test`, see infra/dev/lib/temporal-test-server.mjs), one worker with the real activities over
 * the real event store on the test database, and the workflow bundled once per test file.
 */
export interface CrisisRig {
  env: TestWorkflowEnvironment;
  store: PostgresEventStore;
  taskQueue: string;
  bundle: WorkflowBundleWithSourceMap;
  stop(): Promise<void>;
}

export interface CrisisRigOptions {
  /** Lets a test put a fault in front of the event store (the activities get the wrapped one). */
  wrapStore?: (store: PostgresEventStore) => PostgresEventStore;
}

export async function startCrisisRig(options: CrisisRigOptions = {}): Promise<CrisisRig> {
  const path = process.env.TEMPORAL_TEST_SERVER_BIN;
  if (!path) throw new Error('TEMPORAL_TEST_SERVER_BIN is not set: run the tests through `npm test`');
  const [env, ds, bundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } }),
    openDataSource(testEnv().databaseUrl, 5),
    bundleWorkflowCode({ workflowsPath: require.resolve('@hilfenetz/workflow-crisis'), logger: quietBundlerLogger }),
  ]);
  // The workflow sets our search attributes; the test server needs them declared first.
  await registerSearchAttributes(env);
  const store = new PostgresEventStore(ds as DataSource);
  const taskQueue = `crisis-it-${randomUUID()}`;
  const activities = createActivities({ eventStore: options.wrapStore ? options.wrapStore(store) : store });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities,
  });
  const running = worker.run();
  return {
    env,
    store,
    taskQueue,
    bundle,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await ds.destroy();
    },
  };
}

export const actors = {
  caseworker: { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
  onCall: { id: 'u-ja-0002', role: 'on_call', organisationId: 'org-jugendamt-lindenau' },
  clinic: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
  otherClinic: { id: 'u-kjp-0101', role: 'clinic_staff', organisationId: 'org-kjp-nordklinik' },
  provider: { id: 'u-tr-0001', role: 'provider_staff', organisationId: 'org-traeger-birkenhof' },
  dispatch: { id: 'u-ls-0001', role: 'ambulance_dispatch', organisationId: 'org-leitstelle-lindenau' },
} satisfies Record<string, Actor>;

/** Wednesday 25 Nov 2026, 10:00 local: the ASD is in the office. */
export const IN_OFFICE_HOURS = '2026-11-25T09:00:00.000Z';
/** The night before, 03:12 local: the Bereitschaftsdienst is on. */
export const AT_NIGHT = '2026-11-25T02:12:00.000Z';

export async function startCrisis(
  rig: CrisisRig,
  overrides: Partial<CrisisWorkflowInput> = {},
): Promise<{ handle: WorkflowHandle; input: CrisisWorkflowInput }> {
  const caseId = `FALL-IT-${randomUUID().slice(0, 8)}`;
  const input: CrisisWorkflowInput = {
    crisisId: `crisis-${caseId}-${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    caseId,
    dangerKind: 'self',
    urgency: 'immediate',
    triggeredBy: actors.caseworker,
    requestedAt: IN_OFFICE_HOURS,
    correlationId: randomUUID(),
    agreement: { agreementId: 'lindenau-krisenkooperation', version: '2026-1' },
    ...overrides,
  };
  const handle = await rig.env.client.workflow.start('crisisWorkflow', {
    taskQueue: rig.taskQueue,
    workflowId: input.crisisId,
    args: [input],
  });
  return { handle, input };
}

/** Polls the live state until `ready` holds (a query answers at once; the steps take a moment). */
export async function liveStateWhen(
  handle: WorkflowHandle,
  ready: (s: CrisisLiveState) => boolean,
  what: string,
): Promise<CrisisLiveState> {
  let last: CrisisLiveState | undefined;
  for (let i = 0; i < 300; i++) {
    last = await handle.query(crisisStatus);
    if (ready(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(last)}`);
}

export const allNotified = (h: WorkflowHandle) =>
  liveStateWhen(h, (s) => s.tasks.length === 5, 'all five parties notified');

/** The crisis's events as the event store holds them, oldest first. */
export async function crisisEvents(rig: CrisisRig, input: CrisisWorkflowInput): Promise<(StoredEvent & CrisisEvent)[]> {
  const all = await rig.store.readStream(caseStreamId(input.caseId));
  return all.filter((e) => (e.data as { crisisId?: string }).crisisId === input.crisisId) as (StoredEvent &
    CrisisEvent)[];
}

export const ofTask = (events: (StoredEvent & CrisisEvent)[], taskId: string) =>
  events.filter((e) => (e.data as { taskId?: string }).taskId === taskId);

export const minutes = (n: number) => n * 60_000;
export const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
