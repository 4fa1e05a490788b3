import { createActivities } from '@hilfenetz/activities';
import type { NetworkMeetingWorkflowInput, PartnerContactDetails, StoredEvent } from '@hilfenetz/contracts';
import { networkMeetingDefaults, networkStreamId } from '@hilfenetz/domain';
import { parseMasterKey, PersonalDataVault } from '@hilfenetz/event-store';
import type { NotificationChannel, OutboundNotification } from '@hilfenetz/notifications';
import { randomUUID } from 'node:crypto';
import { notificationDeps } from './notification-deps';
import { startTimeSkippingRig, type TimeSkippingRig } from './support/time-skipping-rig';

/** What the meeting's timer and replay tests share. */
export const DAY = 86_400_000;
export const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
export const coordinator = {
  id: 'u-koordination',
  role: 'network_coordinator',
  organisationId: 'org-jugendamt-lindenau',
};
export const HEBAMMEN = 'org-hebammendienst-lindenau';
export const BERATUNG = 'org-schwangerschaftsberatung-lindenau';

/** The mail the workflow sent, as an e-mail channel that keeps it instead of sending it. */
export interface KeptMail {
  to: string;
  n: OutboundNotification;
}
export const outbox: KeptMail[] = [];
const keepingEmail: NotificationChannel = {
  kind: 'email',
  send(n, to) {
    outbox.push({ n, to });
    return Promise.resolve({ providerReference: `<${randomUUID()}@it>` });
  },
};

export const startNetworkMeetingRig = (): Promise<TimeSkippingRig> =>
  startTimeSkippingRig({
    workflowsPath: require.resolve('@hilfenetz/workflow-network'),
    taskQueuePrefix: 'network-meeting-it',
    activities: ({ ds, store }) =>
      createActivities({ eventStore: store, notifications: notificationDeps(ds, store, [keepingEmail]) }),
  });

export const nowOf = async (rig: TimeSkippingRig) => new Date(await rig.env.currentTimeMs()).toISOString();
export const networkEventsOf = async (rig: TimeSkippingRig, networkId: string) =>
  (await rig.store.readStream(networkStreamId(networkId))) as StoredEvent[];
export const meetingEventsOf = async (rig: TimeSkippingRig, networkId: string) =>
  (await networkEventsOf(rig, networkId)).filter((e) => e.type.startsWith('NetworkMeeting'));

/** After the server skipped time the worker needs a moment of real time to record the step. */
export async function meetingEventsWhen(
  rig: TimeSkippingRig,
  networkId: string,
  ready: (types: string[]) => boolean,
  what: string,
): Promise<StoredEvent[]> {
  let last: StoredEvent[] = [];
  for (let i = 0; i < 300; i++) {
    last = await meetingEventsOf(rig, networkId);
    if (ready(last.map((e) => e.type))) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; saw ${last.map((e) => e.type).join(', ')}`);
}

const meta = { actorId: coordinator.id, actorRole: coordinator.role, organisationId: coordinator.organisationId };

/** A network with two partners: one with a consented contact (coordination mail), one without ("Kontakt fehlt"). */
export async function seedNetwork(rig: TimeSkippingRig): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const networkId = `net-it-${tag}`;
  const at = await nowOf(rig);
  const v = new PersonalDataVault(rig.ds, parseMasterKey(process.env.PERSONAL_DATA_MASTER_KEY!));
  const subjectId = `subj-${randomUUID()}`;
  const contactId = `pc-${randomUUID()}`;
  await v.registerSubject(subjectId, `contact-${contactId}`);
  const details: PartnerContactDetails = {
    name: 'Frau Kaya',
    function: 'Koordination Familienhebammen',
    phone: '07621 410-5210',
    email: `kontakt-${tag}@hebammen.example`,
    hours: 'Mo–Do 9–12 Uhr',
  };
  const profile = (name: string) => ({
    name,
    kind: 'hebammendienst' as const,
    targetGroups: ['familien_0_3' as const],
    region: 'Lindenau',
  });
  const ev = (type: string, data: unknown) => ({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: { ...meta, correlationId: randomUUID() },
  });
  await rig.store.append(
    networkStreamId(networkId),
    [
      ev('NetworkFounded', {
        networkId,
        name: `Netzwerk Frühe Hilfen IT ${tag}`,
        kind: 'fruehe_hilfen',
        region: 'Lindenau',
        coordinatingOrganisationIds: [coordinator.organisationId],
        subNetworks: [],
        foundedAt: at,
      }),
      ev('NetworkPartnerJoined', {
        networkId,
        organisationId: HEBAMMEN,
        profile: profile('Hebammendienst'),
        joinedAt: at,
      }),
      ev('NetworkPartnerJoined', { networkId, organisationId: BERATUNG, profile: profile('Beratung'), joinedAt: at }),
      ev('PartnerContactConsented', {
        networkId,
        organisationId: HEBAMMEN,
        contactId,
        subjectId,
        consent: {
          givenOn: at.slice(0, 10),
          scope: ['network_directory', 'coordination_mail'],
          recordedBy: coordinator.id,
        },
        details: await v.seal(subjectId, details),
        recordedAt: at,
      }),
    ],
    'no_stream',
  );
  return networkId;
}

/** Schedules a meeting three weeks ahead (topics close after one week) and waits for the invitations. */
export async function scheduleMeeting(rig: TimeSkippingRig) {
  const networkId = await seedNetwork(rig);
  const now = await nowOf(rig);
  const meetingId = `mtg-${randomUUID()}`;
  const subjectId = `subj-${randomUUID()}`;
  const v = new PersonalDataVault(rig.ds, parseMasterKey(process.env.PERSONAL_DATA_MASTER_KEY!));
  await v.registerSubject(subjectId, `meeting-${meetingId}`);
  const startsAt = plusMs(now, 21 * DAY);
  const endsAt = plusMs(startsAt, 2 * 3_600_000);
  const input: NetworkMeetingWorkflowInput = {
    networkId,
    seriesId: `mser-${randomUUID()}`,
    meetingId,
    kind: 'sitzung',
    title: 'Netzwerktreffen Frühjahr',
    startsAt,
    endsAt,
    room: 'Landratsamt, Raum 2.14',
    topicsDueAt: plusMs(now, 7 * DAY),
    minutesDueAt: plusMs(endsAt, 14 * DAY),
    subjectId,
    rules: networkMeetingDefaults,
    scheduledBy: coordinator,
    scheduledAt: now,
    correlationId: randomUUID(),
  };
  const handle = await rig.env.client.workflow.start('networkMeetingWorkflow', {
    taskQueue: rig.taskQueue,
    workflowId: `network-meeting-${meetingId}`,
    args: [input],
  });
  await meetingEventsWhen(rig, networkId, (t) => t.includes('NetworkMeetingMailNotSent'), 'the invitations');
  return { handle, input, networkId, seal: (text: string) => v.seal(subjectId, text) };
}
