import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  contactConfirmationStatusSchema,
  networkIdSchema,
  organisationIdSchema,
  type ContactConfirmationStatus,
  type Principal,
} from '@hilfenetz/contracts';
import { z } from 'zod';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { networkRoles } from '../networks/networks.controller';
import { DocumentProblems, DocumentResponse } from '../openapi/response-schema.decorator';
import { ContactConfirmationsService } from './contact-confirmations.service';

/** The yearly confirmation of a contact's data (issue 17 part 2, docs/adr/0038). */
@Controller('networks/:networkId')
export class ContactConfirmationsController {
  constructor(private readonly confirmations: ContactConfirmationsService) {}

  /** Every contact's status for the coordinating office; a partner sees its own. */
  @Get('contact-confirmations')
  @AllowRoles(...networkRoles)
  @DocumentResponse({
    status: 200,
    description: 'The contacts’ confirmation status („unconfirmed“: Kontaktdaten unbestätigt).',
    content: { 'application/json': z.array(contactConfirmationStatusSchema) },
  })
  @DocumentProblems(404)
  list(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @CurrentUser() user: Principal,
  ): Promise<ContactConfirmationStatus[]> {
    return this.confirmations.list(networkId, user);
  }

  /** The contact person confirms their entry: the year starts again. */
  @Post('partners/:organisationId/contact/confirmation')
  @HttpCode(204)
  @AllowRoles('partner_contact')
  @DocumentProblems(404)
  async confirm(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('organisationId', new ZodPipe(organisationIdSchema, 'path')) organisationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.confirmations.confirm(networkId, organisationId, user);
  }
}
