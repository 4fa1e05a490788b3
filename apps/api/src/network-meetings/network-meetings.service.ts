import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type Actor,
  type CreateMeetingSeriesRequest,
  type MeetingList,
  type MeetingSummary,
  type MeetingView,
  type NetworkMeetingCommand,
  type NetworkMeetingSeriesCreatedData,
  type Principal,
  type ScheduleNetworkMeetingRequest,
  type SealedValue,
} from '@hilfenetz/contracts';
import {
  foldMeetingSeries,
  foldNetwork,
  foldNetworkMeetings,
  isCoordinator,
  meetingTopicsOpen,
  minutesDueAt,
  networkMeetingDefaults,
  networkStreamId,
  refuseMeetingTimes,
  refuseUnlessCoordinator,
  refuseUnlessMember,
  seriesYearCount,
  type NetworkMeetingState,
  type NetworkState,
} from '@hilfenetz/domain';
import type { PersonalDataVault, TransactionalEventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import { actingRole } from '../auth/acting-role';
import { CLOCK, EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { NetworkStreamService, refuse } from '../networks/network-stream.service';
import { NetworkMeetingWorkflow } from './network-meeting-workflow.service';

/** Who may ask a command: the coordinating office, or any member (the workflow decides the rest). */
export type MeetingCommandAccess = 'coordinator' | 'member';

/**
 * The network's meetings (issue 17 part 4, docs/adr/0038). The network's stream decides who may
 * (coordinating office, members), the meeting's workflow decides when; free text is sealed here
 * under the meeting's own key before it reaches the workflow or the log.
 */
@Injectable()
export class NetworkMeetingsService {
  constructor(
    private readonly stream: NetworkStreamService,
    private readonly workflow: NetworkMeetingWorkflow,
    @Inject(EVENT_STORE) private readonly store: TransactionalEventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  private async load(networkId: string, user: Principal) {
    const events = await this.store.readStream(networkStreamId(networkId));
    const network = foldNetwork(events);
    if (!network) {
      throw new ApplicationError('network.not_found', `No network ${networkId}.`, [
        { field: 'path.networkId', reason: 'unknown network' },
      ]);
    }
    refuse(refuseUnlessMember(network, user), 'path.networkId');
    return { network, meetings: foldNetworkMeetings(events), series: foldMeetingSeries(events) };
  }

  private meetingOf(meetings: NetworkMeetingState[], meetingId: string): NetworkMeetingState {
    const m = meetings.find((x) => x.scheduled.meetingId === meetingId);
    if (!m) {
      throw new ApplicationError('network_meeting.not_found', 'No such meeting in this network.', [
        { field: 'path.meetingId', reason: 'unknown meeting' },
      ]);
    }
    return m;
  }

  async createSeries(
    networkId: string,
    req: CreateMeetingSeriesRequest,
    user: Principal,
    correlationId: string,
  ): Promise<{ seriesId: string }> {
    const seriesId = `mser-${randomUUID()}`;
    return this.stream.change(networkId, user, correlationId, (state) => {
      refuse(refuseUnlessMember(state, user), 'path.networkId');
      refuse(refuseUnlessCoordinator(state, user), 'path.networkId');
      if (req.subNetworkId && !state.subNetworks.some((s) => s.subNetworkId === req.subNetworkId)) {
        throw new ApplicationError('network.sub_network_unknown', 'The network has no such sub-network.', [
          { field: 'body.subNetworkId', reason: 'unknown sub-network' },
        ]);
      }
      const data: NetworkMeetingSeriesCreatedData = {
        networkId,
        seriesId,
        name: req.name,
        ...(req.subNetworkId ? { subNetworkId: req.subNetworkId } : {}),
        rule: req.rule,
        createdAt: this.clock().toISOString(),
      };
      return Promise.resolve({ events: [{ type: 'NetworkMeetingSeriesCreated', data }], answer: { seriesId } });
    });
  }

  async list(networkId: string, user: Principal): Promise<MeetingList> {
    const { meetings, series } = await this.load(networkId, user);
    const year = this.clock().toISOString().slice(0, 4);
    return {
      series: series.map((s) => ({
        seriesId: s.seriesId,
        name: s.name,
        ...(s.subNetworkId ? { subNetworkId: s.subNetworkId } : {}),
        rule: s.rule,
        thisYear: seriesYearCount(meetings, s.seriesId, year),
      })),
      meetings: meetings.map(summaryOf).sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    };
  }

  async schedule(
    networkId: string,
    req: ScheduleNetworkMeetingRequest,
    user: Principal,
    correlationId: string,
  ): Promise<MeetingView> {
    const { network, series } = await this.load(networkId, user);
    refuse(refuseUnlessCoordinator(network, user), 'path.networkId');
    if (!series.some((s) => s.seriesId === req.seriesId)) {
      throw new ApplicationError('network_meeting.series_not_found', 'The network has no such meeting series.', [
        { field: 'body.seriesId', reason: 'unknown series' },
      ]);
    }
    const now = this.clock().toISOString();
    const times = {
      startsAt: new Date(req.startsAt).toISOString(),
      endsAt: new Date(req.endsAt).toISOString(),
      topicsDueAt: new Date(req.topicsDueAt).toISOString(),
    };
    const wrong = refuseMeetingTimes(times, now);
    if (wrong) throw new ApplicationError('network_meeting.invalid_times', 'The meeting times are not valid.', [wrong]);
    const meetingId = `mtg-${randomUUID()}`;
    const subjectId = `subj-${randomUUID()}`;
    // The meeting's own key: its topics, agenda and minutes are sealed under it, no case's key.
    await this.vault.registerSubject(subjectId, `meeting-${meetingId}`);
    await this.workflow.start({
      networkId,
      seriesId: req.seriesId,
      meetingId,
      kind: req.kind,
      title: req.title,
      ...times,
      ...(req.room ? { room: req.room } : {}),
      minutesDueAt: minutesDueAt(times.endsAt, req.minutesWithinDays),
      subjectId,
      rules: networkMeetingDefaults,
      scheduledBy: this.actor(user),
      scheduledAt: now,
      correlationId,
    });
    return this.view(networkId, meetingId, user);
  }

  async view(networkId: string, meetingId: string, user: Principal): Promise<MeetingView> {
    const { network, meetings } = await this.load(networkId, user);
    const m = this.meetingOf(meetings, meetingId);
    const coordinator = isCoordinator(network, user);
    const drafter = coordinator || m.minuteTakerOrganisationId === user.organisationId;
    const open = async (v: SealedValue) => {
      const o = await this.vault.open<string>(v);
      return o.status === 'available' ? o.value : null;
    };
    const now = this.clock().toISOString();
    return {
      ...summaryOf(m),
      topicsOpen: meetingTopicsOpen(m, now),
      topics: await Promise.all(
        [...m.topics]
          .sort((a, b) => b.voters.length - a.voters.length)
          .map(async (t) => ({
            topicId: t.topicId,
            organisationId: t.organisationId,
            title: await open(t.title),
            votes: t.voters.length,
            votedByMe: t.voters.includes(user.organisationId),
          })),
      ),
      agenda: await Promise.all(
        m.agenda.map(async (a) => ({ ...(a.topicId ? { topicId: a.topicId } : {}), title: await open(a.title) })),
      ),
      presentOrganisationIds: m.presentOrganisationIds,
      minuteTakerOrganisationId: m.minuteTakerOrganisationId,
      // A draft is for who writes and approves it; the approved minutes are for every member.
      minutes: m.minutes && (m.minutes.approved || drafter) ? { text: await open(m.minutes.text) } : null,
      mail: (['invitation', 'reminder', 'minutes'] as const).map((purpose) => ({ purpose, ...m.mail[purpose] })),
      mayManage: coordinator,
      mayDraftMinutes: drafter,
    };
  }

  /** A command on the meeting: who may is checked here, when in the workflow. */
  async command(
    networkId: string,
    meetingId: string,
    user: Principal,
    access: MeetingCommandAccess,
    build: (ctx: {
      network: NetworkState;
      meeting: NetworkMeetingState;
      coordinator: boolean;
    }) => Promise<NetworkMeetingCommand>,
  ): Promise<void> {
    const { network, meetings } = await this.load(networkId, user);
    const meeting = this.meetingOf(meetings, meetingId);
    const coordinator = isCoordinator(network, user);
    if (access === 'coordinator') refuse(refuseUnlessCoordinator(network, user), 'path.networkId');
    const command = await build({ network, meeting, coordinator });
    await this.workflow.command(meetingId, {
      command,
      by: { ...this.actor(user), organisationId: user.organisationId },
      at: this.clock().toISOString(),
    });
  }

  seal(meeting: NetworkMeetingState, text: string): Promise<SealedValue> {
    return this.vault.seal(meeting.scheduled.subjectId, text);
  }

  /** Organisations that can be named in a meeting: the coordinating offices and the partners. */
  assertInNetwork(network: NetworkState, organisationIds: string[], field: string): void {
    const known = new Set([...network.coordinatingOrganisationIds, ...network.partners.map((p) => p.organisationId)]);
    const unknown = organisationIds.find((id) => !known.has(id));
    if (unknown) {
      throw new ApplicationError('network_meeting.not_a_partner', `${unknown} is not in this network.`, [
        { field, reason: 'not a partner or coordinating office of this network' },
      ]);
    }
  }

  private actor(user: Principal): Actor {
    return { id: user.id, role: actingRole(user.roles), organisationId: user.organisationId };
  }
}

function summaryOf(m: NetworkMeetingState): MeetingSummary {
  const s = m.scheduled;
  return {
    meetingId: s.meetingId,
    seriesId: s.seriesId,
    kind: s.kind,
    title: s.title,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    ...(s.room ? { room: s.room } : {}),
    topicsDueAt: s.topicsDueAt,
    minutesDueAt: s.minutesDueAt,
    minutesStatus: m.minutesSent ? 'sent' : m.minutes?.approved ? 'approved' : m.minutes ? 'drafted' : 'none',
    minutesOverdue: m.minutesOverdue,
  };
}
