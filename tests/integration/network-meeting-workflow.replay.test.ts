import { networkMeetingCommand } from '@hilfenetz/workflow-network/messages';
import path from 'node:path';
import {
  DAY,
  HEBAMMEN,
  coordinator,
  meetingEventsWhen,
  nowOf,
  scheduleMeeting,
  startNetworkMeetingRig,
} from './network-meeting-workflow.rig';
import { describeReplay } from './support/replay-suite';
import type { TimeSkippingRig } from './support/time-skipping-rig';

/**
 * Replays the committed histories of the network meeting's paths against today's workflow code.
 * `RECORD_NETWORK_MEETING_HISTORIES=1` records them anew (workflows/network/README.md).
 */
const HISTORIES = path.resolve(__dirname, '../../workflows/network/histories/network-meeting');
const RECORD = process.env.RECORD_NETWORK_MEETING_HISTORIES === '1';

type Scenario = (rig: TimeSkippingRig) => Promise<{ workflowId: string; runId: string }>;

const scenarios: Record<string, Scenario> = {
  async 'meeting-cycle-in-time'(rig) {
    const { handle, seal } = await scheduleMeeting(rig);
    const topicId = `top-${crypto.randomUUID()}`;
    const hebammen = { id: 'u-kontakt-hebammen', role: 'partner_contact', organisationId: HEBAMMEN };
    await handle.executeUpdate(networkMeetingCommand, {
      args: [
        { command: { type: 'ProposeTopic', topicId, title: await seal('Thema') }, by: hebammen, at: await nowOf(rig) },
      ],
    });
    await handle.executeUpdate(networkMeetingCommand, {
      args: [{ command: { type: 'VoteTopic', topicId }, by: coordinator, at: await nowOf(rig) }],
    });
    await rig.env.sleep(22 * DAY);
    const at = await nowOf(rig);
    await handle.executeUpdate(networkMeetingCommand, {
      args: [
        { command: { type: 'DraftMinutes', text: await seal('Protokoll'), byCoordinator: true }, by: coordinator, at },
      ],
    });
    await handle.executeUpdate(networkMeetingCommand, {
      args: [{ command: { type: 'ApproveMinutes' }, by: coordinator, at }],
    });
    await handle.result();
    return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
  },
  async 'minutes-reminded-escalated-then-approved'(rig) {
    const { handle, networkId, seal } = await scheduleMeeting(rig);
    await rig.env.sleep(45 * DAY);
    await meetingEventsWhen(rig, networkId, (t) => t.includes('NetworkMeetingMinutesOverdueEscalated'), 'escalation');
    const at = await nowOf(rig);
    await handle.executeUpdate(networkMeetingCommand, {
      args: [
        { command: { type: 'DraftMinutes', text: await seal('Protokoll'), byCoordinator: true }, by: coordinator, at },
      ],
    });
    await handle.executeUpdate(networkMeetingCommand, {
      args: [{ command: { type: 'ApproveMinutes' }, by: coordinator, at }],
    });
    await handle.result();
    return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
  },
};

describeReplay({
  title: 'network meeting workflow replay (committed histories)',
  histories: HISTORIES,
  workflowsPath: require.resolve('@hilfenetz/workflow-network'),
  record: RECORD,
  startRig: startNetworkMeetingRig,
  scenarios,
});
