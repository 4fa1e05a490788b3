import { createActivities, inAppDeliveredEvent } from '@hilfenetz/activities';
import {
  crisisEventSchemas,
  type Actor,
  type CrisisEvent,
  type CrisisLiveState,
  type CrisisWorkflowInput,
  type StoredEvent,
} from '@hilfenetz/contracts';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { caseStreamId, lindenauAgreementV1 } from '@hilfenetz/domain';
import { quietBundlerLogger, startSmsGatewayProcess, type RunningSmsGateway } from '@hilfenetz/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundleOptions } from '@hilfenetz/config';
import { crisisStatus, deliveryReceipt } from '@hilfenetz/workflow-crisis/messages';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { NotificationChannel } from '@hilfenetz/notifications';
import { HttpGatewaySmsChannel } from '@hilfenetz/notifications';
import { notificationDeps } from './notification-deps';
import { startTimeSkippingRig, type TimeSkippingRig } from './support/time-skipping-rig';

const gatewayChannels = (gateway: RunningSmsGateway): NotificationChannel[] => [
  new HttpGatewaySmsChannel(gateway.messagesUrl, 'http://127.0.0.1:5173', 'sms'),
  new HttpGatewaySmsChannel(gateway.messagesUrl, 'http://127.0.0.1:5173', 'voice'),
];

/**
 * What the crisis workflow tests share: the time-skipping rig (support/time-skipping-rig.ts) with
 * the crisis workflow, and the real dev SMS gateway beside it.
 */
export interface CrisisRig extends TimeSkippingRig {
  /** The real dev SMS/voice gateway the activities text through (its receipts go nowhere here). */
  gateway: RunningSmsGateway;
  /** The crisis's Hilfeplanung starts, when not started for real (see `realHilfeplanungStart`). */
  hilfeplanungStarts: unknown[];
}

export interface CrisisRigOptions {
  /** Lets a test put a fault in front of the event store (the activities get the wrapped one). */
  wrapStore?: (store: PostgresEventStore) => PostgresEventStore;
  /**
   * Channels outside the app. Default: SMS and voice through the real dev gateway, without a
   * receipt URL — messages go out and are listed there, but nothing confirms them (a phone that
   * took the text but whose owner does not answer is the deadline tests' world).
   */
  channels?: (gateway: RunningSmsGateway) => NotificationChannel[];
  /**
   * The Hilfeplanung the crisis starts at discharge (docs/adr/0013) really started on the test
   * server, on `<taskQueue>-hilfeplanung`, which nobody polls. Default: the start is only noted in
   * `hilfeplanungStarts` — a workflow task nobody takes would stop the server skipping time.
   */
  realHilfeplanungStart?: boolean;
  /** The file's bundle and gateway, when each test gets a rig of its own (`sharedCrisisParts`). */
  shared?: SharedCrisisParts;
}

/** What a file's rigs can share: the bundled workflow and the SMS gateway process. */
export interface SharedCrisisParts {
  bundle: WorkflowBundleWithSourceMap;
  gateway: RunningSmsGateway;
  stop(): Promise<void>;
}

export async function sharedCrisisParts(): Promise<SharedCrisisParts> {
  const [bundle, gateway] = await Promise.all([
    bundleWorkflowCode({
      workflowsPath: require.resolve('@hilfenetz/workflow-crisis'),
      logger: quietBundlerLogger,
      ...workflowBundleOptions,
    }),
    startSmsGatewayProcess(process.env.HILFENETZ_ROOT ?? process.cwd()),
  ]);
  return { bundle, gateway, stop: () => gateway.stop() };
}

/** A Temporal client that only notes the crisis's signal-with-start of a Hilfeplanung. */
function recordingStarts(starts: unknown[]): Client {
  return {
    workflow: {
      signalWithStart: (_type: string, options: unknown) => {
        starts.push(options);
        return Promise.resolve({});
      },
    },
  } as unknown as Client;
}

export async function startCrisisRig(options: CrisisRigOptions = {}): Promise<CrisisRig> {
  const gateway = options.shared
    ? Promise.resolve(options.shared.gateway)
    : startSmsGatewayProcess(process.env.HILFENETZ_ROOT ?? process.cwd());
  const hilfeplanungStarts: unknown[] = [];
  try {
    const rig = await startTimeSkippingRig({
      workflowsPath: require.resolve('@hilfenetz/workflow-crisis'),
      taskQueuePrefix: 'crisis-it',
      poolSize: 5,
      ...(options.shared ? { bundle: options.shared.bundle } : {}),
      activities: async ({ env, ds, store, taskQueue }) =>
        createActivities({
          eventStore: options.wrapStore ? options.wrapStore(store) : store,
          hilfeplanungStart: {
            temporal: options.realHilfeplanungStart ? env.client : recordingStarts(hilfeplanungStarts),
            taskQueue: `${taskQueue}-hilfeplanung`,
          },
          notifications: notificationDeps(ds, store, (options.channels ?? gatewayChannels)(await gateway)),
        }),
    });
    const running = await gateway;
    return {
      ...rig,
      gateway: running,
      hilfeplanungStarts,
      async stop() {
        await rig.stop();
        if (!options.shared) await running.stop();
      },
    };
  } catch (err) {
    if (!options.shared) await (await gateway.catch(() => null))?.stop();
    throw err;
  }
}

export const actors = {
  caseworker: { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
  onCall: { id: 'u-ja-0002', role: 'on_call', organisationId: 'org-jugendamt-lindenau' },
  clinic: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
  otherClinic: { id: 'u-kjp-0101', role: 'clinic_staff', organisationId: 'org-kjp-nordklinik' },
  provider: { id: 'u-tr-0001', role: 'provider_staff', organisationId: 'org-traeger-birkenhof' },
  dispatch: { id: 'u-ls-0001', role: 'ambulance_dispatch', organisationId: 'org-leitstelle-lindenau' },
} satisfies Record<string, Actor>;

/**
 * The demo agreement with delivery windows longer than any deadline: the deadline tests model
 * people whose inbox is open but who do not answer, so the deadlines (not the delivery windows)
 * move the tasks. The delivery paths have their own tests with the agreement's real windows.
 */
const hour = { in_app: 3600, phone: 3600, voice: 3600, email: 3600 };
export const patientInboxes = {
  ...lindenauAgreementV1,
  deliveryWindows: { immediate: hour, urgent: hour, soon: hour },
};

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
    agreementVersion: patientInboxes,
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
  // The protocol's own steps; delivery facts (attempts, receipts) have tests of their own.
  return all.filter(
    (e) => (e.data as { crisisId?: string }).crisisId === input.crisisId && e.type in crisisEventSchemas,
  ) as (StoredEvent & CrisisEvent)[];
}

export const ofTask = (events: (StoredEvent & CrisisEvent)[], taskId: string) =>
  events.filter((e) => (e.data as { taskId?: string }).taskId === taskId);

export const minutes = (n: number) => n * 60_000;
export const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * What an open inbox does when a task arrives: once the task's in-app attempt is recorded, the
 * client of `by`'s organisation confirms receipt (as the web app does over the API).
 */
export async function inboxReceives(
  rig: CrisisRig,
  handle: WorkflowHandle,
  input: CrisisWorkflowInput,
  taskId: string,
  by: Actor,
  /**
   * `api`: what the API does with an open client's receipt for an attempt that says so — record
   * it in the log under the workflow's ids (docs/adr/0046); `signal`: what it does for crises
   * started before that, and for attempts not written that way.
   */
  via: 'api' | 'signal' = 'api',
): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const events = await rig.store.readStream(caseStreamId(input.caseId));
    const attempt = events.find(
      (e) =>
        e.type === 'NotificationAttempted' &&
        (e.data as { taskId: string; channel: string }).taskId === taskId &&
        (e.data as { channel: string }).channel === 'in_app',
    )?.data as { attemptId: string; contactId: string; receiptInLog?: true } | undefined;
    if (attempt) {
      const at = new Date(await rig.env.currentTimeMs()).toISOString();
      if (via === 'api' && attempt.receiptInLog) {
        const receipt = { crisisId: input.crisisId, taskId, by, at, correlationId: input.correlationId };
        await rig.store.append(caseStreamId(input.caseId), [inAppDeliveredEvent(receipt, attempt)]);
        return;
      }
      await handle.signal(deliveryReceipt, { kind: 'in_app', taskId, state: 'delivered', by, at });
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the in-app attempt for ${taskId} was never recorded`);
}
