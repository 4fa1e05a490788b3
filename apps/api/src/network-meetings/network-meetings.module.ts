import { Global, Module } from '@nestjs/common';
import { NetworkStreamService } from '../networks/network-stream.service';
import { ContactConfirmationWorkflow } from './contact-confirmation-workflow.service';
import { ContactConfirmationsController } from './contact-confirmations.controller';
import { ContactConfirmationsService } from './contact-confirmations.service';
import { NetworkMeetingWorkflow } from './network-meeting-workflow.service';
import { NetworkMeetingsController } from './network-meetings.controller';
import { NetworkMeetingsService } from './network-meetings.service';

/**
 * The network's meetings and the contacts' yearly confirmation, each a workflow (issue 17 parts 4
 * and 2, docs/adr/0038). Global so the contacts' service starts a new contact's confirmation.
 */
@Global()
@Module({
  controllers: [NetworkMeetingsController, ContactConfirmationsController],
  // The network's stream as the networks module folds it: the same rules decide who is a member.
  providers: [
    NetworkStreamService,
    NetworkMeetingsService,
    NetworkMeetingWorkflow,
    ContactConfirmationWorkflow,
    ContactConfirmationsService,
  ],
  exports: [ContactConfirmationWorkflow],
})
export class NetworkMeetingsModule {}
