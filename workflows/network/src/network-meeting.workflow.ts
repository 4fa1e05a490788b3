/*
 * A network meeting (issue 17 part 4, docs/adr/0038): invitations with a calendar entry to every
 * partner's consented contact, topics proposed and voted until their deadline, a reminder before
 * the date, then the minutes — drafted, approved by the coordinating office and sent as PDF to all
 * partners by their deadline; missed, the office is reminded once and then escalated to. The
 * decisions are libs/domain's (network-meeting.ts); every step is an event on the network stream.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type {
  Actor,
  MeetingMailPurpose,
  NetworkMeetingActivities,
  NetworkMeetingEvent,
  NetworkMeetingWorkflowInput,
} from '@hilfenetz/contracts';
import {
  decideNetworkMeeting,
  evolveMeeting,
  meetingReminderAt,
  minutesEscalationAt,
  networkMeetingLiveState,
  type NetworkMeetingState,
} from '@hilfenetz/domain';
import { asRefusal } from '@hilfenetz/workflow-support';
import { networkMeetingCommand, networkMeetingScheduled, networkMeetingStatus } from './network-meeting.messages';

const { recordNetworkMeetingStep } = proxyActivities<NetworkMeetingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});
const { sendNetworkMeetingMail } = proxyActivities<NetworkMeetingActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', backoffCoefficient: 2, maximumAttempts: 5 },
});

const ENGINE: Actor = { id: 'system:network-meeting-workflow', role: 'system' };

export async function networkMeetingWorkflow(input: NetworkMeetingWorkflowInput): Promise<{ meetingId: string }> {
  const { rules } = input;
  let state: NetworkMeetingState | null = null;
  const current = () => state!;
  /** Appends in decision order: an Update racing a timer must not overtake it in the stream. */
  let writes: Promise<unknown> = Promise.resolve();
  /** Numbers the steps: the same on every replay, so the derived event ids are too. */
  let seq = 0;

  function record(step: string, events: NetworkMeetingEvent[], actor: Actor): Promise<unknown> {
    if (events.length === 0) return Promise.resolve();
    state = events.reduce(evolveMeeting, state);
    const name = `${++seq}:${step}`;
    const write = writes.then(() =>
      recordNetworkMeetingStep({
        networkId: input.networkId,
        step: name,
        events,
        actor,
        correlationId: input.correlationId,
      }),
    );
    writes = write.catch(() => undefined);
    return write;
  }

  /** Sends the mail of one purpose and records, per partner, whether it went out. */
  async function mail(purpose: MeetingMailPurpose, at: () => string): Promise<{ sent: number; notSent: number }> {
    const outcomes = await sendNetworkMeetingMail({ networkId: input.networkId, meetingId: input.meetingId, purpose });
    const now = at();
    const base = { networkId: input.networkId, meetingId: input.meetingId, purpose };
    const events: NetworkMeetingEvent[] = outcomes.map((o) =>
      o.outcome === 'sent'
        ? {
            type: 'NetworkMeetingMailSent',
            data: {
              ...base,
              organisationId: o.organisationId,
              contactId: o.contactId!,
              ...(o.providerReference ? { providerReference: o.providerReference } : {}),
              sentAt: now,
            },
          }
        : {
            type: 'NetworkMeetingMailNotSent',
            data: { ...base, organisationId: o.organisationId, cause: o.outcome, recordedAt: now },
          },
    );
    await record(`mail:${purpose}`, events, ENGINE);
    return {
      sent: outcomes.filter((o) => o.outcome === 'sent').length,
      notSent: outcomes.filter((o) => o.outcome !== 'sent').length,
    };
  }

  const nowIso = () => new Date(Date.now()).toISOString();
  /** Sleeps until an instant; cut short when `until` holds. True if it was cut short. */
  const waitUntil = async (iso: string, until: () => boolean = () => false): Promise<boolean> => {
    const remaining = Date.parse(iso) - Date.now();
    return remaining > 0 ? condition(until, remaining) : until();
  };

  let ready = false;
  setHandler(networkMeetingStatus, () => networkMeetingLiveState(current()));
  setHandler(networkMeetingScheduled, async () => {
    await condition(() => ready);
    return networkMeetingLiveState(current());
  });
  setHandler(
    networkMeetingCommand,
    async (args) => {
      try {
        await record(`cmd:${args.command.type}`, decideNetworkMeeting(current(), args), args.by);
      } catch (err) {
        throw asRefusal(err);
      }
      return networkMeetingLiveState(current());
    },
    {
      validator: (args) => {
        if (!state) throw asRefusal(new Error('the meeting is not recorded yet'));
        try {
          decideNetworkMeeting(state, args);
        } catch (err) {
          throw asRefusal(err);
        }
      },
    },
  );

  const { rules: _rules, scheduledBy, correlationId: _c, ...scheduled } = input;
  await record(
    'scheduled',
    [
      {
        type: 'NetworkMeetingScheduled',
        data: {
          networkId: scheduled.networkId,
          seriesId: scheduled.seriesId,
          meetingId: scheduled.meetingId,
          kind: scheduled.kind,
          title: scheduled.title,
          startsAt: scheduled.startsAt,
          endsAt: scheduled.endsAt,
          ...(scheduled.room ? { room: scheduled.room } : {}),
          topicsDueAt: scheduled.topicsDueAt,
          minutesDueAt: scheduled.minutesDueAt,
          subjectId: scheduled.subjectId,
          scheduledAt: scheduled.scheduledAt,
        },
      },
    ],
    scheduledBy,
  );
  ready = true;
  // A meeting documented after it was held invites nobody.
  if (Date.now() < Date.parse(input.startsAt)) await mail('invitation', nowIso);

  // The topics' deadline: after it, no proposal and no vote (the validator refuses them).
  await waitUntil(input.topicsDueAt);
  await record(
    'topics-closed',
    [
      {
        type: 'NetworkMeetingTopicsClosed',
        data: { networkId: input.networkId, meetingId: input.meetingId, closedAt: input.topicsDueAt },
      },
    ],
    ENGINE,
  );

  // The reminder before the date, with the agenda as it stands then.
  const approved = () => current().minutes?.approved === true;
  await waitUntil(meetingReminderAt(current(), rules));
  if (Date.now() < Date.parse(input.startsAt)) await mail('reminder', nowIso);

  // The minutes: due by their deadline; missed, reminded once; missed again, escalated.
  if (!(await waitUntil(input.minutesDueAt, approved))) {
    await record(
      'minutes-reminder',
      [
        {
          type: 'NetworkMeetingMinutesReminderDue',
          data: {
            networkId: input.networkId,
            meetingId: input.meetingId,
            dueAt: input.minutesDueAt,
            remindedAt: input.minutesDueAt,
          },
        },
      ],
      ENGINE,
    );
    const escalateAt = minutesEscalationAt(current(), rules);
    if (!(await waitUntil(escalateAt, approved))) {
      await record(
        'minutes-escalated',
        [
          {
            type: 'NetworkMeetingMinutesOverdueEscalated',
            data: { networkId: input.networkId, meetingId: input.meetingId, escalatedAt: escalateAt },
          },
        ],
        ENGINE,
      );
      await condition(approved);
    }
  }
  await writes;
  const sent = await mail('minutes', nowIso);
  await record(
    'minutes-distributed',
    [
      {
        type: 'NetworkMeetingMinutesDistributed',
        data: { networkId: input.networkId, meetingId: input.meetingId, ...sent, distributedAt: nowIso() },
      },
    ],
    ENGINE,
  );
  await condition(allHandlersFinished);
  await writes;
  return { meetingId: input.meetingId };
}
