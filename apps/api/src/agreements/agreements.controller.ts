import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  agreementIdSchema,
  agreementList,
  agreementVersionSchema,
  cooperationAgreementSchema,
  publishAgreementVersionRequest,
  type AgreementList,
  type CooperationAgreement,
  type Principal,
  type PublishAgreementVersionRequest,
} from '@hilfenetz/contracts';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { AgreementRegistryService } from './agreement-registry.service';

/** Agreements and their organisations hold no personal data: every role that works with crises reads them. */
export const agreementReaders = [
  'caseworker',
  'on_call',
  'supervisor',
  'auditor',
  'administrator',
  'clinic_staff',
  'provider_staff',
] as const;

@Controller('agreements')
export class AgreementsController {
  constructor(private readonly registry: AgreementRegistryService) {}

  /** Every cooperation agreement with its versions and the version in force now. */
  @Get()
  @AllowRoles(...agreementReaders)
  @DocumentResponse({
    status: 200,
    description: 'The agreements, built-in and published versions.',
    content: { 'application/json': agreementList },
  })
  list(): Promise<AgreementList> {
    return this.registry.list();
  }

  /** One agreement version in full. */
  @Get(':agreementId/versions/:version')
  @AllowRoles(...agreementReaders)
  @DocumentResponse({
    status: 200,
    description: 'The agreement version.',
    content: { 'application/json': cooperationAgreementSchema },
  })
  version(
    @Param('agreementId', new ZodPipe(agreementIdSchema, 'path')) agreementId: string,
    @Param('version', new ZodPipe(agreementVersionSchema, 'path')) version: string,
  ): Promise<CooperationAgreement> {
    return this.registry.version(agreementId, version);
  }

  /**
   * Publishes a new, immutable version. Checked like the engine checks agreements; governs new
   * crises from its validFrom. An existing version → 409.
   */
  @Post(':agreementId/versions')
  @AllowRoles('administrator')
  @DocumentResponse({
    status: 201,
    description: 'The published agreement version.',
    content: { 'application/json': cooperationAgreementSchema },
  })
  publish(
    @Param('agreementId', new ZodPipe(agreementIdSchema, 'path')) agreementId: string,
    @Body(new ZodPipe(publishAgreementVersionRequest)) body: PublishAgreementVersionRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<CooperationAgreement> {
    return this.registry.publish(agreementId, body, user, correlationId);
  }
}
