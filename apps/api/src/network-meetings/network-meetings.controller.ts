import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  chooseMinuteTakerRequest,
  createMeetingSeriesRequest,
  draftMinutesRequest,
  meetingIdSchema,
  meetingListSchema,
  meetingTopicIdSchema,
  meetingViewSchema,
  networkIdSchema,
  proposeTopicRequest,
  recordAttendanceRequest,
  scheduleNetworkMeetingRequest,
  setAgendaRequest,
  type ChooseMinuteTakerRequest,
  type CreateMeetingSeriesRequest,
  type DraftMinutesRequest,
  type MeetingList,
  type MeetingView,
  type Principal,
  type ProposeTopicRequest,
  type RecordAttendanceRequest,
  type ScheduleNetworkMeetingRequest,
  type SetAgendaRequest,
} from '@hilfenetz/contracts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { networkRoles } from '../networks/networks.controller';
import { DocumentProblems, DocumentResponse } from '../openapi/response-schema.decorator';
import { NetworkMeetingsService } from './network-meetings.service';

const networkParam = new ZodPipe(networkIdSchema, 'path');
const meetingParam = new ZodPipe(meetingIdSchema, 'path');
const topicParam = new ZodPipe(meetingTopicIdSchema, 'path');

/**
 * The network's meetings (issue 17 part 4, docs/adr/0038): series and meetings are managed by the
 * coordinating office; members propose and vote topics and read the approved minutes. Every
 * meeting runs as a workflow that invites, reminds and sends the minutes.
 */
@Controller('networks/:networkId')
export class NetworkMeetingsController {
  constructor(private readonly meetings: NetworkMeetingsService) {}

  @Post('meeting-series')
  @AllowRoles('network_coordinator')
  @DocumentResponse({
    status: 201,
    description: 'The series is created.',
    content: { 'application/json': z.object({ seriesId: z.string() }) },
  })
  @DocumentProblems(404, 409, 422)
  createSeries(
    @Param('networkId', networkParam) networkId: string,
    @Body(new ZodPipe(createMeetingSeriesRequest)) body: CreateMeetingSeriesRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<{ seriesId: string }> {
    return this.meetings.createSeries(networkId, body, user, correlationId);
  }

  /** The series with this year's count against their rule, and every meeting. */
  @Get('meetings')
  @AllowRoles(...networkRoles)
  @DocumentResponse({
    status: 200,
    description: 'Series and meetings.',
    content: { 'application/json': meetingListSchema },
  })
  @DocumentProblems(404)
  list(@Param('networkId', networkParam) networkId: string, @CurrentUser() user: Principal): Promise<MeetingList> {
    return this.meetings.list(networkId, user);
  }

  /** A new meeting: its workflow records it and sends the invitations with a calendar entry. */
  @Post('meetings')
  @AllowRoles('network_coordinator')
  @DocumentResponse({
    status: 201,
    description: 'The meeting is scheduled.',
    content: { 'application/json': meetingViewSchema },
  })
  @DocumentProblems(404, 422)
  schedule(
    @Param('networkId', networkParam) networkId: string,
    @Body(new ZodPipe(scheduleNetworkMeetingRequest)) body: ScheduleNetworkMeetingRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<MeetingView> {
    return this.meetings.schedule(networkId, body, user, correlationId);
  }

  @Get('meetings/:meetingId')
  @AllowRoles(...networkRoles)
  @DocumentResponse({ status: 200, description: 'The meeting.', content: { 'application/json': meetingViewSchema } })
  @DocumentProblems(404)
  view(
    @Param('networkId', networkParam) networkId: string,
    @Param('meetingId', meetingParam) meetingId: string,
    @CurrentUser() user: Principal,
  ): Promise<MeetingView> {
    return this.meetings.view(networkId, meetingId, user);
  }

  /** A topic proposed by a member, until the topics' deadline. */
  @Post('meetings/:meetingId/topics')
  @AllowRoles(...networkRoles)
  @DocumentResponse({
    status: 201,
    description: 'The topic is recorded.',
    content: { 'application/json': z.object({ topicId: z.string() }) },
  })
  @DocumentProblems(404, 409)
  async proposeTopic(
    @Param('networkId', networkParam) networkId: string,
    @Param('meetingId', meetingParam) meetingId: string,
    @Body(new ZodPipe(proposeTopicRequest)) body: ProposeTopicRequest,
    @CurrentUser() user: Principal,
  ): Promise<{ topicId: string }> {
    const topicId = `top-${randomUUID()}`;
    await this.meetings.command(networkId, meetingId, user, 'member', async ({ meeting }) => ({
      type: 'ProposeTopic',
      topicId,
      title: await this.meetings.seal(meeting, body.title),
    }));
    return { topicId };
  }

  /** One vote per organisation and topic, until the topics' deadline (after it: 409, nothing stored). */
  @Post('meetings/:meetingId/topics/:topicId/votes')
  @HttpCode(204)
  @AllowRoles(...networkRoles)
  @DocumentProblems(404, 409)
  async vote(
    @Param('networkId', networkParam) networkId: string,
    @Param('meetingId', meetingParam) meetingId: string,
    @Param('topicId', topicParam) topicId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.meetings.command(networkId, meetingId, user, 'member', () =>
      Promise.resolve({ type: 'VoteTopic', topicId }),
    );
  }

  @Put('meetings/:meetingId/agenda')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  @DocumentProblems(404, 409)
  async setAgenda(
    @Param('networkId', networkParam) networkId: string,
    @Param('meetingId', meetingParam) meetingId: string,
    @Body(new ZodPipe(setAgendaRequest)) body: SetAgendaRequest,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.meetings.command(networkId, meetingId, user, 'coordinator', async ({ meeting }) => ({
      type: 'SetAgenda',
      items: await Promise.all(
        body.items.map(async (i) => ({
          ...(i.topicId ? { topicId: i.topicId } : {}),
          title: await this.meetings.seal(meeting, i.title),
        })),
      ),
    }));
  }

  @Put('meetings/:meetingId/attendance')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  @DocumentProblems(404, 409, 422)
  async recordAttendance(
    @Param('networkId', networkParam) networkId: string,
    @Param('meetingId', meetingParam) meetingId: string,
    @Body(new ZodPipe(recordAttendanceRequest)) body: RecordAttendanceRequest,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.meetings.command(networkId, meetingId, user, 'coordinator', ({ network }) => {
      this.meetings.assertInNetwork(network, body.presentOrganisationIds, 'body.presentOrganisationIds');
      return Promise.resolve({ type: 'RecordAttendance', presentOrganisationIds: body.presentOrganisationIds });
    });
  }

  @Put('meetings/:meetingId/minute-taker')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  @DocumentProblems(404, 409, 422)
  async chooseMinuteTaker(
    @Param('networkId', networkParam) networkId: string,
    @Param('meetingId', meetingParam) meetingId: string,
    @Body(new ZodPipe(chooseMinuteTakerRequest)) body: ChooseMinuteTakerRequest,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.meetings.command(networkId, meetingId, user, 'coordinator', ({ network }) => {
      this.meetings.assertInNetwork(network, [body.organisationId], 'body.organisationId');
      return Promise.resolve({ type: 'ChooseMinuteTaker', organisationId: body.organisationId });
    });
  }

  /** The minutes' draft, by the minute-taker's organisation or the coordinating office. */
  @Put('meetings/:meetingId/minutes')
  @HttpCode(204)
  @AllowRoles(...networkRoles)
  @DocumentProblems(404, 409)
  async draftMinutes(
    @Param('networkId', networkParam) networkId: string,
    @Param('meetingId', meetingParam) meetingId: string,
    @Body(new ZodPipe(draftMinutesRequest)) body: DraftMinutesRequest,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.meetings.command(networkId, meetingId, user, 'member', async ({ meeting, coordinator }) => ({
      type: 'DraftMinutes',
      text: await this.meetings.seal(meeting, body.text),
      byCoordinator: coordinator,
    }));
  }

  /** Approved by the coordinating office: the workflow sends them as PDF to every partner. */
  @Post('meetings/:meetingId/minutes/approval')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  @DocumentProblems(404, 409)
  async approveMinutes(
    @Param('networkId', networkParam) networkId: string,
    @Param('meetingId', meetingParam) meetingId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.meetings.command(networkId, meetingId, user, 'coordinator', () =>
      Promise.resolve({ type: 'ApproveMinutes' }),
    );
  }
}
