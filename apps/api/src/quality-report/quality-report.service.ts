import { Inject, Injectable } from '@nestjs/common';
import { ApplicationError, type Principal, type QualityReport, type QualityReportQuery } from '@hilfenetz/contracts';
import { buildQualityReport, monthsBetween, reportMonthOf } from '@hilfenetz/domain';
import { QualityFactsRepository } from '@hilfenetz/read-models';
import type { DataSource } from 'typeorm';
import { CLOCK, DATA_SOURCE } from '../infrastructure/tokens';
import { AgreementScopeService } from './agreement-scope.service';

/** A report spans at most two years: enough for a Runder Tisch, bounded for the reader. */
export const MAX_REPORT_MONTHS = 24;

/**
 * The anonymised quality report (issue 18 §3, docs/adr/0029): reads the projector's quality facts
 * and aggregates them with the domain's suppression rules. Only staff of an organisation of the
 * agreement read it (the roles are the controller's).
 */
@Injectable()
export class QualityReportService {
  private readonly facts: QualityFactsRepository;

  constructor(
    @Inject(DATA_SOURCE) ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly scopes: AgreementScopeService,
  ) {
    this.facts = new QualityFactsRepository(ds);
  }

  async report(query: QualityReportQuery, user: Principal): Promise<QualityReport> {
    const currentMonth = reportMonthOf(this.clock().toISOString());
    // The month running now is allowed (the report so far); a month that has not begun has no cases.
    if (query.to > currentMonth) {
      throw new ApplicationError('request.invalid', `The period ends after ${currentMonth}.`, [
        { field: 'query.to', reason: 'must not lie after the current month' },
      ]);
    }
    if (monthsBetween(query.from, query.to).length > MAX_REPORT_MONTHS) {
      throw new ApplicationError('request.invalid', `A report spans at most ${MAX_REPORT_MONTHS} months.`, [
        { field: 'query.from', reason: `must be at most ${MAX_REPORT_MONTHS} months before to` },
      ]);
    }
    // An unknown agreement answers like a foreign one: the refusal tells nothing about others' networks.
    const scope = await this.scopes.forMember(query.agreementId, user);
    const [tasks, network, causes] = await Promise.all([
      this.facts.tasks(query.agreementId, query.from, query.to),
      this.facts.network(query.agreementId, scope.leadOffices, query.from, query.to),
      this.facts.causes(query.agreementId, query.from, query.to),
    ]);
    return buildQualityReport({
      agreementId: query.agreementId,
      from: query.from,
      to: query.to,
      tasks,
      network,
      organisationNames: scope.organisationNames,
      causes,
      causeCategories: scope.causeCategories,
      declineReasonCategories: scope.declineReasonCategories,
    });
  }
}
