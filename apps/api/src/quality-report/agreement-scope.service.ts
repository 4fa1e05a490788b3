import { Injectable } from '@nestjs/common';
import { ApplicationError, type Principal, type Role } from '@hilfenetz/contracts';
import {
  causeCategoriesOf,
  declineReasonCategoriesOf,
  type CauseCategoryDefinition,
  type DeclineReasonCategoryDefinition,
} from '@hilfenetz/domain';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';

/** An agreement's version in force as the quality loop needs it: its organisations and categories. */
export interface AgreementScope {
  agreementId: string;
  organisationNames: ReadonlyMap<string, string>;
  /** The youth offices of the agreement: the lead offices whose cases the loop looks at. */
  leadOffices: readonly string[];
  causeCategories: readonly CauseCategoryDefinition[];
  declineReasonCategories: readonly DeclineReasonCategoryDefinition[];
}

/**
 * Staff of a lead office who annotate its items and keep the agreement's register: its Leitung and
 * its caseworkers (the people who know why a handoff failed).
 */
export const leadOfficeWriterRoles: readonly Role[] = ['supervisor', 'caseworker'];

/**
 * Who is inside an agreement for the quality loop (the report, the register). An unknown agreement
 * answers like a foreign one, so a refusal tells nothing about another network (ADR 0029).
 */
@Injectable()
export class AgreementScopeService {
  constructor(private readonly registry: AgreementRegistryService) {}

  /** The scope, when the caller's organisation is named in the agreement in force; 403 otherwise. */
  async forMember(agreementId: string, user: Principal): Promise<AgreementScope> {
    const organisations = (await this.registry.organisations()).organisations.filter(
      (o) => o.agreementId === agreementId,
    );
    const own = organisations.find((o) => o.id === user.organisationId);
    if (!own) {
      throw new ApplicationError(
        'access.forbidden',
        'Quality reports and the register are read by the organisations of the agreement only.',
      );
    }
    const agreement = await this.registry.version(agreementId, own.agreementVersion);
    return {
      agreementId,
      organisationNames: new Map(organisations.map((o) => [o.id, o.name])),
      leadOffices: organisations.filter((o) => o.roles.includes('youth_office')).map((o) => o.id),
      causeCategories: causeCategoriesOf(agreement),
      declineReasonCategories: declineReasonCategoriesOf(agreement),
    };
  }

  /** The scope, when the caller writes for a lead office (youth office) of the agreement; 403 otherwise. */
  async forLeadOffice(agreementId: string, user: Principal): Promise<AgreementScope> {
    const scope = await this.forMember(agreementId, user);
    if (!scope.leadOffices.includes(user.organisationId)) {
      throw new ApplicationError(
        'access.forbidden',
        'Only the lead office (youth office) of the agreement annotates items and keeps the register.',
      );
    }
    return scope;
  }
}
