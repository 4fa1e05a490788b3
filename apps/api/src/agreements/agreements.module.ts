import { Module } from '@nestjs/common';
import { AgreementPublishingService } from './agreement-publishing.service';
import { AgreementRegistryService } from './agreement-registry.service';
import { AgreementsController } from './agreements.controller';
import { OrganisationsController } from './organisations.controller';

/** Agreements and their organisations: read by everyone working on crises, published by administrators. */
@Module({
  controllers: [AgreementsController, OrganisationsController],
  providers: [AgreementRegistryService, AgreementPublishingService],
  exports: [AgreementRegistryService],
})
export class AgreementsModule {}
