import { Module } from '@nestjs/common';
import { AgreementRegistryService } from './agreement-registry.service';
import { AgreementsController } from './agreements.controller';

/** Agreements: read by everyone working on crises, published by administrators. */
@Module({
  controllers: [AgreementsController],
  providers: [AgreementRegistryService],
  exports: [AgreementRegistryService],
})
export class AgreementsModule {}
