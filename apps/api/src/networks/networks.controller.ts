import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  addSubNetworkRequest,
  changePartnerProfileRequest,
  contactAccessLogEntrySchema,
  foundNetworkRequest,
  foundNetworkResponseSchema,
  joinPartnerRequest,
  networkIdSchema,
  networkSummarySchema,
  networkViewSchema,
  offerIdSchema,
  organisationIdSchema,
  publishOfferRequest,
  publishOfferResponseSchema,
  recordPartnerContactRequest,
  recordPartnerContactResponseSchema,
  updatePartnerContactRequest,
  type AddSubNetworkRequest,
  type ChangePartnerProfileRequest,
  type ContactAccessLogEntry,
  type FoundNetworkRequest,
  type FoundNetworkResponse,
  type JoinPartnerRequest,
  type NetworkSummary,
  type NetworkView,
  type Principal,
  type PublishOfferRequest,
  type PublishOfferResponse,
  type RecordPartnerContactRequest,
  type RecordPartnerContactResponse,
  type Role,
  type UpdatePartnerContactRequest,
} from '@hilfenetz/contracts';
import { z } from 'zod';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { NetworkMembershipService } from './network-membership.service';
import { NetworkOffersService } from './network-offers.service';
import { NetworkReadsService } from './network-reads.service';
import { PartnerContactsService } from './partner-contacts.service';

/** Who works in networks: the coordinating office and the partners' contact persons. */
export const networkRoles: Role[] = ['network_coordinator', 'partner_contact'];

/**
 * Networks, partners, named contacts and offers (issue 17 parts 1–3, docs/adr/0035). Roles admit
 * the caller; the network's own rules (coordinator, member, own partner) decide the rest.
 */
@Controller('networks')
export class NetworksController {
  constructor(
    private readonly membership: NetworkMembershipService,
    private readonly contacts: PartnerContactsService,
    private readonly offers: NetworkOffersService,
    private readonly reads: NetworkReadsService,
  ) {}

  /** The networks the caller's organisation coordinates or belongs to. */
  @Get()
  @AllowRoles(...networkRoles)
  @DocumentResponse({
    status: 200,
    description: 'The networks the caller’s organisation coordinates or is a partner of, by name.',
    content: { 'application/json': z.array(networkSummarySchema) },
  })
  mine(@CurrentUser() user: Principal): Promise<NetworkSummary[]> {
    return this.reads.mine(user);
  }

  /** A new network, coordinated by the caller's office (and any others named jointly). */
  @Post()
  @AllowRoles('network_coordinator')
  @DocumentResponse({
    status: 201,
    description: 'The network was founded; its id.',
    content: { 'application/json': foundNetworkResponseSchema },
  })
  found(
    @Body(new ZodPipe(foundNetworkRequest)) body: FoundNetworkRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<FoundNetworkResponse> {
    return this.membership.found(body, user, correlationId);
  }

  /** The directory: partners with profile, contact (or "Kontakt fehlt") and offers; members only. */
  @Get(':networkId')
  @AllowRoles(...networkRoles)
  @DocumentResponse({
    status: 200,
    description:
      'The network’s directory: partners with profile, named contact (details null where the caller may not open them) and offers, and what the caller may do here.',
    content: { 'application/json': networkViewSchema },
  })
  view(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @CurrentUser() user: Principal,
  ): Promise<NetworkView> {
    return this.reads.view(networkId, user);
  }

  @Post(':networkId/sub-networks')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  async addSubNetwork(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Body(new ZodPipe(addSubNetworkRequest)) body: AddSubNetworkRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.membership.addSubNetwork(networkId, body, user, correlationId);
  }

  @Post(':networkId/partners')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  async join(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Body(new ZodPipe(joinPartnerRequest)) body: JoinPartnerRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.membership.join(networkId, body.organisationId, body.profile, user, correlationId);
  }

  @Put(':networkId/partners/:organisationId')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  async changeProfile(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('organisationId', new ZodPipe(organisationIdSchema, 'path')) organisationId: string,
    @Body(new ZodPipe(changePartnerProfileRequest)) body: ChangePartnerProfileRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.membership.changeProfile(networkId, organisationId, body.profile, user, correlationId);
  }

  @Delete(':networkId/partners/:organisationId')
  @HttpCode(204)
  @AllowRoles('network_coordinator')
  async leave(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('organisationId', new ZodPipe(organisationIdSchema, 'path')) organisationId: string,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.membership.leave(networkId, organisationId, user, correlationId);
  }

  /** A new named contact, with their recorded consent (no consent, no contact). */
  @Post(':networkId/partners/:organisationId/contact')
  @AllowRoles(...networkRoles)
  @DocumentResponse({
    status: 201,
    description: 'The contact was recorded with their consent; its id.',
    content: { 'application/json': recordPartnerContactResponseSchema },
  })
  recordContact(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('organisationId', new ZodPipe(organisationIdSchema, 'path')) organisationId: string,
    @Body(new ZodPipe(recordPartnerContactRequest)) body: RecordPartnerContactRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<RecordPartnerContactResponse> {
    return this.contacts.record(networkId, organisationId, body, user, correlationId);
  }

  /** Who read the contact's data from outside the partner: for the contact person and the coordination. */
  @Get(':networkId/partners/:organisationId/contact/access-log')
  @AllowRoles(...networkRoles)
  @DocumentResponse({
    status: 200,
    description:
      'Reads of the partner’s contact data from outside the partner organisation, newest first (at most 500).',
    content: { 'application/json': z.array(contactAccessLogEntrySchema) },
  })
  contactAccessLog(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('organisationId', new ZodPipe(organisationIdSchema, 'path')) organisationId: string,
    @CurrentUser() user: Principal,
  ): Promise<ContactAccessLogEntry[]> {
    return this.reads.contactAccessLog(networkId, organisationId, user);
  }

  /** The contact updates their own entry. */
  @Put(':networkId/partners/:organisationId/contact')
  @HttpCode(204)
  @AllowRoles('partner_contact')
  async updateContact(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('organisationId', new ZodPipe(organisationIdSchema, 'path')) organisationId: string,
    @Body(new ZodPipe(updatePartnerContactRequest)) body: UpdatePartnerContactRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.contacts.update(networkId, organisationId, body.details, user, correlationId);
  }

  /** Consent withdrawn: the contact's key is destroyed, the partner shows "Kontakt fehlt". */
  @Post(':networkId/partners/:organisationId/contact/consent-withdrawal')
  @HttpCode(204)
  @AllowRoles(...networkRoles)
  async withdrawConsent(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('organisationId', new ZodPipe(organisationIdSchema, 'path')) organisationId: string,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.contacts.withdraw(networkId, organisationId, user, correlationId);
  }

  /** An offer of the caller's own partner organisation. */
  @Post(':networkId/offers')
  @AllowRoles(...networkRoles)
  @DocumentResponse({
    status: 201,
    description: 'The offer was published; its id.',
    content: { 'application/json': publishOfferResponseSchema },
  })
  publishOffer(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Body(new ZodPipe(publishOfferRequest)) body: PublishOfferRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<PublishOfferResponse> {
    return this.offers.publish(networkId, body.offer, user, correlationId);
  }

  @Put(':networkId/offers/:offerId')
  @HttpCode(204)
  @AllowRoles(...networkRoles)
  async changeOffer(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('offerId', new ZodPipe(offerIdSchema, 'path')) offerId: string,
    @Body(new ZodPipe(publishOfferRequest)) body: PublishOfferRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.offers.change(networkId, offerId, body.offer, user, correlationId);
  }

  @Delete(':networkId/offers/:offerId')
  @HttpCode(204)
  @AllowRoles(...networkRoles)
  async withdrawOffer(
    @Param('networkId', new ZodPipe(networkIdSchema, 'path')) networkId: string,
    @Param('offerId', new ZodPipe(offerIdSchema, 'path')) offerId: string,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.offers.withdraw(networkId, offerId, user, correlationId);
  }
}
