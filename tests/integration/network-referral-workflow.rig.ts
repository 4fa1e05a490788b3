import { createActivities } from '@hilfenetz/activities';
import {
  networkReferralStreamId,
  networkReferralWorkflowId,
  networkReferralWorkflowType,
  type NetworkReferralSentData,
  type NetworkReferralWorkflowInput,
  type StoredEvent,
} from '@hilfenetz/contracts';
import { referralKeyOwner } from '@hilfenetz/domain';
import { parseMasterKey, PersonalDataVault } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import { notificationDeps } from './notification-deps';
import { startTimeSkippingRig, type TimeSkippingRig } from './support/time-skipping-rig';

/** What the referral deadline's timer and replay tests share (issue 17 part 6). */
export const DAY = 86_400_000;
export const HEBAMMEN = 'org-hebammendienst-lindenau';
export const BIRKENHOF = 'org-traeger-birkenhof';

export const startReferralRig = (): Promise<TimeSkippingRig> =>
  startTimeSkippingRig({
    workflowsPath: require.resolve('@hilfenetz/workflow-network'),
    taskQueuePrefix: 'network-referral-it',
    activities: ({ ds, store }) =>
      createActivities({ eventStore: store, notifications: notificationDeps(ds, store, []) }),
  });

export const nowOf = async (rig: TimeSkippingRig) => new Date(await rig.env.currentTimeMs()).toISOString();
export const referralEventsOf = async (rig: TimeSkippingRig, referralId: string) =>
  (await rig.store.readStream(networkReferralStreamId(referralId))) as StoredEvent[];

/** After the server skipped time the worker needs a moment of real time to record the step. */
export async function referralEventsWhen(
  rig: TimeSkippingRig,
  referralId: string,
  ready: (types: string[]) => boolean,
  what: string,
): Promise<StoredEvent[]> {
  let last: StoredEvent[] = [];
  for (let i = 0; i < 300; i++) {
    last = await referralEventsOf(rig, referralId);
    if (ready(last.map((e) => e.type))) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; saw ${last.map((e) => e.type).join(', ')}`);
}

const meta = {
  actorId: 'u-traeger',
  actorRole: 'provider_staff',
  organisationId: BIRKENHOF,
  correlationId: 'it-referral',
};

/**
 * A referral sent as the API sends it (the family sealed under a key of its own), and its deadline
 * workflow started: reminder a day before, deadline `days` after now (the test server's clock).
 */
export async function sendReferral(rig: TimeSkippingRig, days = 3) {
  const referralId = `nr-${randomUUID()}`;
  const networkId = `net-it-${referralId.slice(3, 11)}`;
  const sentAt = await nowOf(rig);
  const vault = new PersonalDataVault(rig.ds, parseMasterKey(process.env.PERSONAL_DATA_MASTER_KEY!));
  const subjectId = `subj-${randomUUID()}`;
  await vault.registerSubject(subjectId, referralKeyOwner(referralId));
  const respondBy = new Date(Date.parse(sentAt) + days * DAY).toISOString();
  const remindAt = new Date(Date.parse(respondBy) - DAY).toISOString();
  const data: NetworkReferralSentData = {
    networkId,
    referralId,
    subjectId,
    fromOrganisationId: BIRKENHOF,
    toOrganisationId: HEBAMMEN,
    offerId: `off-${randomUUID()}`,
    family: await vault.seal(subjectId, { name: 'Familie Test', needs: 'Hebammenhilfe' }),
    consent: {
      givenBy: 'mutter',
      givenOn: sentAt.slice(0, 10),
      scope: ['kontaktdaten_weitergeben'],
      recordedBy: 'u-traeger',
    },
    remindAt,
    respondBy,
    sentBy: { id: 'u-traeger', role: 'provider_staff', organisationId: BIRKENHOF },
    sentAt,
  };
  await rig.store.append(
    networkReferralStreamId(referralId),
    [{ eventId: randomUUID(), type: 'NetworkReferralSent', schemaVersion: 1, data, metadata: meta }],
    'no_stream',
  );
  const input: NetworkReferralWorkflowInput = {
    networkId,
    referralId,
    remindAt,
    respondBy,
    correlationId: 'it-referral',
  };
  const handle = await rig.env.client.workflow.start(networkReferralWorkflowType, {
    taskQueue: rig.taskQueue,
    workflowId: networkReferralWorkflowId(referralId),
    args: [input],
  });
  return { referralId, networkId, handle, sentAt, remindAt, respondBy };
}

/** The receiving partner's decision, as the API appends it. */
export async function decide(rig: TimeSkippingRig, referralId: string, networkId: string) {
  const events = await referralEventsOf(rig, referralId);
  await rig.store.append(
    networkReferralStreamId(referralId),
    [
      {
        eventId: randomUUID(),
        type: 'NetworkReferralDecided',
        schemaVersion: 1,
        data: {
          networkId,
          referralId,
          decision: 'accepted',
          late: false,
          decidedBy: { id: 'u-kontakt-hebammen', role: 'partner_contact', organisationId: HEBAMMEN },
          decidedAt: await nowOf(rig),
        },
        metadata: { ...meta, actorId: 'u-kontakt-hebammen', actorRole: 'partner_contact', organisationId: HEBAMMEN },
      },
    ],
    events.at(-1)!.streamVersion,
  );
}
