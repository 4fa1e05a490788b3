import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  agreementIdSchema,
  agreementDiffResponse,
  agreementList,
  agreementVersionSchema,
  agreementVersionSummary,
  cooperationAgreementSchema,
  publishAgreementVersionRequest,
  type AgreementDiffResponse,
  type AgreementList,
  type AgreementVersionSummary,
  type CooperationAgreement,
  type Principal,
  type PublishAgreementVersionRequest,
} from '@hilfenetz/contracts';
import type { Response } from 'express';
import { AllowRoles, CurrentUser } from '../auth/access.decorators';
import { CorrelationId } from '../common/correlation-id';
import { ZodPipe } from '../common/zod-body.pipe';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { AgreementPublishingService } from './agreement-publishing.service';
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
  constructor(
    private readonly registry: AgreementRegistryService,
    private readonly publishing: AgreementPublishingService,
  ) {}

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
   * What a version changes against the agreement's version in force now, path by path (contacts and
   * organisations by id): what a partner reads before signing.
   */
  @Get(':agreementId/versions/:version/diff')
  @AllowRoles(...agreementReaders)
  @DocumentResponse({
    status: 200,
    description: 'The changes against the version in force.',
    content: { 'application/json': agreementDiffResponse },
  })
  diff(
    @Param('agreementId', new ZodPipe(agreementIdSchema, 'path')) agreementId: string,
    @Param('version', new ZodPipe(agreementVersionSchema, 'path')) version: string,
  ): Promise<AgreementDiffResponse> {
    return this.registry.diff(agreementId, version);
  }

  /**
   * Proposes a new, immutable version, checked like the engine checks agreements. Only an
   * administrator of an organisation the version names may propose it (403 otherwise). It governs
   * no crisis until every named organisation signed it (docs/adr/0015). An existing version → 409.
   */
  @Post(':agreementId/versions')
  @AllowRoles('administrator')
  @DocumentResponse({
    status: 201,
    description: 'The proposed agreement version.',
    content: { 'application/json': cooperationAgreementSchema },
  })
  publish(
    @Param('agreementId', new ZodPipe(agreementIdSchema, 'path')) agreementId: string,
    @Body(new ZodPipe(publishAgreementVersionRequest)) body: PublishAgreementVersionRequest,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<CooperationAgreement> {
    return this.publishing.publish(agreementId, body, user, correlationId);
  }

  /**
   * The administrator signs the version for their own organisation (201; 200 when it had signed
   * already). The last signature puts it in force from max(validFrom, that signature). An
   * organisation the version does not name → 403; a version a partner withdrew from → 409.
   */
  @Post(':agreementId/versions/:version/signatures')
  @AllowRoles('administrator')
  @DocumentResponse({
    status: 201,
    description: 'The version with its signatures and status.',
    content: { 'application/json': agreementVersionSummary },
  })
  async sign(
    @Param('agreementId', new ZodPipe(agreementIdSchema, 'path')) agreementId: string,
    @Param('version', new ZodPipe(agreementVersionSchema, 'path')) version: string,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgreementVersionSummary> {
    const { summary, changed } = await this.publishing.sign(agreementId, version, 'signed', user, correlationId);
    res.status(changed ? 201 : 200);
    return summary;
  }

  /**
   * The administrator withdraws their organisation's signature: the version governs no new crisis
   * from now on (running crises keep it). Not signed → 409.
   */
  @Post(':agreementId/versions/:version/withdrawals')
  @HttpCode(200)
  @AllowRoles('administrator')
  @DocumentResponse({
    status: 200,
    description: 'The version, ended.',
    content: { 'application/json': agreementVersionSummary },
  })
  async withdraw(
    @Param('agreementId', new ZodPipe(agreementIdSchema, 'path')) agreementId: string,
    @Param('version', new ZodPipe(agreementVersionSchema, 'path')) version: string,
    @CorrelationId() correlationId: string,
    @CurrentUser() user: Principal,
  ): Promise<AgreementVersionSummary> {
    return (await this.publishing.sign(agreementId, version, 'withdrawn', user, correlationId)).summary;
  }
}
