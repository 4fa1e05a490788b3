import { Module } from '@nestjs/common';
import { AgreementRegistryService } from './agreement-registry.service';
import { AgreementsController } from './agreements.controller';
import { OrganisationsController } from './organisations.controller';

/** Agreements and their organisations: read by everyone working on crises, published by administrators. */
@Module({
  controllers: [AgreementsController, OrganisationsController],
  providers: [AgreementRegistryService],
  exports: [AgreementRegistryService],
})
export class AgreementsModule {}
