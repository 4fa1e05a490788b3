import { networkMeetingCommand, networkMeetingStatus } from '@hilfenetz/workflow-network/messages';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  BERATUNG,
  DAY,
  HEBAMMEN,
  coordinator,
  meetingEventsOf,
  meetingEventsWhen,
  nowOf,
  outbox,
  plusMs,
  scheduleMeeting,
  startNetworkMeetingRig,
} from './network-meeting-workflow.rig';
import type { TimeSkippingRig } from './support/time-skipping-rig';

const hebammen = { id: 'u-kontakt-hebammen', role: 'partner_contact', organisationId: HEBAMMEN };

/** A network meeting's whole cycle and its deadlines on the time-skipping server, real event store. */
describe('network meeting workflow (time-skipping test server, real event store)', () => {
  let rig: TimeSkippingRig;
  beforeAll(async () => {
    rig = await startNetworkMeetingRig();
  });
  afterAll(() => rig?.stop());

  it('invites with a calendar entry, closes topics at their deadline, reminds before the date, sends approved minutes as PDF', async () => {
    const { handle, input, networkId, seal } = await scheduleMeeting(rig);
    const invitation = outbox.find((m) => m.n.crisisId === input.meetingId && m.n.taskId === 'invitation')!;
    expect(invitation.n.body?.subject).toContain('Einladung: Netzwerktreffen Frühjahr');
    expect(String(invitation.n.body?.attachments?.[0]?.content)).toContain('BEGIN:VEVENT');
    expect(String(invitation.n.body?.attachments?.[0]?.content)).toContain('LOCATION:Landratsamt\\, Raum 2.14');
    // One partner has a consented contact, the other none ("Kontakt fehlt"): counted either way.
    const invited = await meetingEventsOf(rig, networkId);
    expect(invited.map((e) => [e.type, (e.data as { organisationId?: string }).organisationId])).toEqual([
      ['NetworkMeetingScheduled', undefined],
      ['NetworkMeetingMailSent', HEBAMMEN],
      ['NetworkMeetingMailNotSent', BERATUNG],
    ]);

    const topicId = `top-${crypto.randomUUID()}`;
    await handle.executeUpdate(networkMeetingCommand, {
      args: [
        {
          command: { type: 'ProposeTopic', topicId, title: await seal('Übergänge Geburtsklinik – Hebammen') },
          by: hebammen,
          at: await nowOf(rig),
        },
      ],
    });
    await handle.executeUpdate(networkMeetingCommand, {
      args: [{ command: { type: 'VoteTopic', topicId }, by: coordinator, at: await nowOf(rig) }],
    });

    await rig.env.sleep(8 * DAY);
    await meetingEventsWhen(rig, networkId, (t) => t.includes('NetworkMeetingTopicsClosed'), 'the topics deadline');
    // A vote after the deadline is refused by the validator: nothing is recorded.
    const before = (await meetingEventsOf(rig, networkId)).length;
    const late = await handle
      .executeUpdate(networkMeetingCommand, {
        args: [{ command: { type: 'VoteTopic', topicId }, by: hebammen, at: await nowOf(rig) }],
      })
      .catch((e: unknown) => e);
    expect(late).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((late as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('network_meeting.topics_closed');
    expect((await meetingEventsOf(rig, networkId)).length).toBe(before);

    await handle.executeUpdate(networkMeetingCommand, {
      args: [
        {
          command: { type: 'SetAgenda', items: [{ topicId, title: await seal('Übergänge Geburtsklinik – Hebammen') }] },
          by: coordinator,
          at: await nowOf(rig),
        },
      ],
    });
    await rig.env.sleep(7 * DAY);
    await meetingEventsWhen(
      rig,
      networkId,
      (t) => t.filter((x) => x === 'NetworkMeetingMailSent').length >= 2,
      'the reminder',
    );
    const reminder = outbox.find((m) => m.n.crisisId === input.meetingId && m.n.taskId === 'reminder')!;
    expect(reminder.n.body?.text).toContain('1. Übergänge Geburtsklinik – Hebammen');

    await rig.env.sleep(7 * DAY);
    const at = await nowOf(rig);
    for (const command of [
      { type: 'RecordAttendance' as const, presentOrganisationIds: [HEBAMMEN, coordinator.organisationId] },
      { type: 'ChooseMinuteTaker' as const, organisationId: HEBAMMEN },
    ]) {
      await handle.executeUpdate(networkMeetingCommand, { args: [{ command, by: coordinator, at }] });
    }
    await handle.executeUpdate(networkMeetingCommand, {
      args: [
        {
          command: { type: 'DraftMinutes', text: await seal('TOP 1: Übergaben besprochen.'), byCoordinator: false },
          by: hebammen,
          at,
        },
      ],
    });
    await handle.executeUpdate(networkMeetingCommand, {
      args: [{ command: { type: 'ApproveMinutes' }, by: coordinator, at }],
    });
    await handle.result();
    const minutes = outbox.find((m) => m.n.crisisId === input.meetingId && m.n.taskId === 'minutes')!;
    expect(minutes.n.body?.attachments?.[0]).toMatchObject({
      filename: 'protokoll.pdf',
      contentType: 'application/pdf',
    });
    expect(String(minutes.n.body?.attachments?.[0]?.content).slice(0, 5)).toBe('%PDF-');
    const types = (await meetingEventsOf(rig, networkId)).map((e) => e.type);
    expect(types).not.toContain('NetworkMeetingMinutesReminderDue');
    expect(types.at(-1)).toBe('NetworkMeetingMinutesDistributed');
    // Nothing of the free text is in clear in the log.
    const log = JSON.stringify(await meetingEventsOf(rig, networkId));
    expect(log).not.toContain('Übergaben besprochen');
    expect(log).not.toContain('Geburtsklinik');
  });

  it('minutes missed: reminded at their deadline, escalated after the grace; approval still sends them', async () => {
    const { handle, input, networkId, seal } = await scheduleMeeting(rig);
    await rig.env.sleep(21 * DAY + 14 * DAY + 8 * DAY);
    const es = await meetingEventsWhen(
      rig,
      networkId,
      (t) => t.includes('NetworkMeetingMinutesOverdueEscalated'),
      'reminder and escalation',
    );
    const due = es.find((e) => e.type === 'NetworkMeetingMinutesReminderDue')!.data as { remindedAt: string };
    expect(due.remindedAt).toBe(input.minutesDueAt);
    const escalated = es.find((e) => e.type === 'NetworkMeetingMinutesOverdueEscalated')!.data as {
      escalatedAt: string;
    };
    expect(escalated.escalatedAt).toBe(plusMs(input.minutesDueAt, 7 * DAY));
    expect((await handle.query(networkMeetingStatus)).minutesOverdue).toBe('escalated');
    const at = await nowOf(rig);
    await handle.executeUpdate(networkMeetingCommand, {
      args: [
        {
          command: { type: 'DraftMinutes', text: await seal('Spät, aber vollständig.'), byCoordinator: true },
          by: coordinator,
          at,
        },
      ],
    });
    await handle.executeUpdate(networkMeetingCommand, {
      args: [{ command: { type: 'ApproveMinutes' }, by: coordinator, at }],
    });
    await handle.result();
    expect((await meetingEventsOf(rig, networkId)).map((e) => e.type).at(-1)).toBe('NetworkMeetingMinutesDistributed');
  });
});
