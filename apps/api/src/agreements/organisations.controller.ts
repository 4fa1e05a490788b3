import { Controller, Get } from '@nestjs/common';
import { organisationList, type OrganisationList } from '@hilfenetz/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { DocumentResponse } from '../openapi/response-schema.decorator';
import { AgreementRegistryService } from './agreement-registry.service';
import { agreementReaders } from './agreements.controller';

@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly registry: AgreementRegistryService) {}

  @Get()
  @AllowRoles(...agreementReaders)
  @DocumentResponse({
    status: 200,
    description: 'The organisations of the agreement versions in force, with their roles.',
    content: { 'application/json': organisationList },
  })
  list(): Promise<OrganisationList> {
    return this.registry.organisations();
  }
}
