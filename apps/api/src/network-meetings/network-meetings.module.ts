import { Module } from '@nestjs/common';
import { NetworkStreamService } from '../networks/network-stream.service';
import { NetworkMeetingWorkflow } from './network-meeting-workflow.service';
import { NetworkMeetingsController } from './network-meetings.controller';
import { NetworkMeetingsService } from './network-meetings.service';

/** The network's meetings with their workflows (issue 17 part 4, docs/adr/0038). */
@Module({
  controllers: [NetworkMeetingsController],
  // The network's stream as the networks module folds it: the same rules decide who is a member.
  providers: [NetworkStreamService, NetworkMeetingsService, NetworkMeetingWorkflow],
})
export class NetworkMeetingsModule {}
