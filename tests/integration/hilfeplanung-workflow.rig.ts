import { createActivities } from '@hilfenetz/activities';
import type {
  Actor,
  HilfeplanungEvent,
  HilfeplanungMessageEvent,
  HilfeplanungRules,
  HilfeplanungWorkflowInput,
  SealedValue,
  StoredEvent,
} from '@hilfenetz/contracts';
import { caseStreamId, lindenauHilfeplanungRules } from '@hilfenetz/domain';
import { SmtpEmailChannel, type NotificationChannel } from '@hilfenetz/notifications';
import type { WorkflowHandle } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { notificationDeps } from './notification-deps';
import { startTimeSkippingRig, type TimeSkippingRig } from './support/time-skipping-rig';

/** Time-skipping test server + a worker with the real activities over the real event store. */
export type PlanningRig = TimeSkippingRig;

export const startPlanningRig = (): Promise<PlanningRig> =>
  startTimeSkippingRig({
    workflowsPath: require.resolve('@hilfenetz/workflow-hilfeplanung'),
    taskQueuePrefix: 'hilfeplanung-it',
    poolSize: 5,
    activities: ({ ds, store }) =>
      createActivities({ eventStore: store, notifications: notificationDeps(ds, store, mailChannels()) }),
  });

/** E-mail goes to the run's Mailpit (the real SMTP catcher) when `npm test` set SMTP_URL. */
function mailChannels(): NotificationChannel[] {
  const url = process.env.SMTP_URL;
  return url ? [new SmtpEmailChannel(url, 'hilfenetz <noreply@lindenau.example>', 'http://127.0.0.1:5173')] : [];
}

export const people = {
  caseworker: { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
  clinic: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
  provider: { id: 'u-tr-0001', role: 'provider_staff', organisationId: 'org-traeger-birkenhof' },
} satisfies Record<string, Actor>;

/** Ciphertext-shaped placeholder: the workflow never opens personal data, it only carries it. */
export const sealed = (): SealedValue => ({
  $sealed: 'A256GCM',
  subjectId: 'subj-it',
  iv: randomBytes(12).toString('base64'),
  tag: randomBytes(16).toString('base64'),
  ct: randomBytes(24).toString('base64'),
});

export async function startPlanning(
  rig: PlanningRig,
  over: {
    rules?: Partial<HilfeplanungRules>;
    dischargedAt?: string;
    /**
     * Registers the case first (lead: the youth office, Träger: Birkenhof) and names the clinic
     * St. Marien, so the planning has organisations to write to. Without it nobody is found.
     */
    registered?: boolean;
  } = {},
): Promise<{ handle: WorkflowHandle; input: HilfeplanungWorkflowInput }> {
  const caseId = `FALL-HP-${randomUUID().slice(0, 8)}`;
  const now = new Date(await rig.env.currentTimeMs()).toISOString();
  if (over.registered) await registerCase(rig, caseId, now);
  const input: HilfeplanungWorkflowInput = {
    planningId: `hilfeplanung-${caseId}`,
    caseId,
    origin: over.registered
      ? { kind: 'manual', clinicOrganisationId: 'org-kjp-st-marien' }
      : { kind: 'discharge', crisisId: `crisis-${caseId}`, dischargedAt: over.dischargedAt ?? now },
    rules: { ...lindenauHilfeplanungRules, ...over.rules },
    startedBy: people.caseworker,
    startedAt: now,
    correlationId: randomUUID(),
  };
  const handle = await rig.env.client.workflow.start('hilfeplanungWorkflow', {
    taskQueue: rig.taskQueue,
    workflowId: input.planningId,
    args: [input],
  });
  return { handle, input };
}

async function registerCase(rig: PlanningRig, caseId: string, at: string): Promise<void> {
  await rig.store.append(
    caseStreamId(caseId),
    [
      {
        eventId: randomUUID(),
        type: 'CaseRegistered',
        schemaVersion: 1,
        data: {
          caseId,
          youngPersonSubjectId: 'subj-it',
          youngPerson: sealed(),
          leadOrganisationId: people.caseworker.organisationId,
          careProviderOrganisationId: people.provider.organisationId,
          registeredAt: at,
        },
        metadata: {
          actorId: people.caseworker.id,
          actorRole: people.caseworker.role,
          organisationId: people.caseworker.organisationId,
          correlationId: randomUUID(),
        },
      },
    ],
    'any',
  );
}

/** Message events are delivery facts beside the planning's own events. */
export const isMessageEvent = (e: { type: string }) =>
  e.type === 'HilfeplanungMessageSent' || e.type === 'HilfeplanungMessageNotSent';

export async function planningEvents(
  rig: PlanningRig,
  caseId: string,
): Promise<(StoredEvent & (HilfeplanungEvent | HilfeplanungMessageEvent))[]> {
  return (await rig.store.readStream(caseStreamId(caseId))) as (StoredEvent &
    (HilfeplanungEvent | HilfeplanungMessageEvent))[];
}

export const nowOf = async (rig: PlanningRig) => new Date(await rig.env.currentTimeMs()).toISOString();
export const DAY = 86_400_000;
export const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * The events once `ready` holds. After the test server skipped time, the worker still needs a
 * moment of real time to run the woken workflow and its activity.
 */
export async function planningEventsWhen(
  rig: PlanningRig,
  caseId: string,
  ready: (events: (StoredEvent & (HilfeplanungEvent | HilfeplanungMessageEvent))[]) => boolean,
  what: string,
): Promise<(StoredEvent & (HilfeplanungEvent | HilfeplanungMessageEvent))[]> {
  let last: (StoredEvent & (HilfeplanungEvent | HilfeplanungMessageEvent))[] = [];
  for (let i = 0; i < 200; i++) {
    last = await planningEvents(rig, caseId);
    if (ready(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; saw ${last.map((e) => e.type).join(', ')}`);
}
