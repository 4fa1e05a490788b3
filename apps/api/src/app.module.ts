import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessModule } from './access/access.module';
import { CaseIdResolutionInterceptor } from './access/case-id-resolution';
import { AgreementsModule } from './agreements/agreements.module';
import { BreakGlassModule } from './break-glass/break-glass.module';
import { AuthGuard } from './auth/auth.guard';
import { BriefingController } from './briefing/briefing.controller';
import { BriefingService } from './briefing/briefing.service';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { TemporalDeadlineInterceptor } from './common/temporal-deadline.interceptor';
import { WRITE_ADMISSION, WriteAdmissionGuard } from './common/write-admission.guard';
import { Admission } from './common/admission';
import type { AppConfig } from '@hilfenetz/config';
import { APP_CONFIG } from './infrastructure/tokens';
import { RateLimitModule } from './common/rate-limit.module';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { GuardiansController } from './cases/guardians.controller';
import { GuardiansService } from './cases/guardians.service';
import { CrisisListController } from './crisis/crisis-list.controller';
import { CrisisController } from './crisis/crisis.controller';
import { CrisisCommandsService } from './crisis/crisis-commands.service';
import { CrisisReadsService } from './crisis/crisis-reads.service';
import { CrisisTriggerService } from './crisis/crisis-trigger.service';
import { DirectoryModule } from './directory/directory.module';
import { DeliveryController } from './delivery/delivery.controller';
import { DeliveryService } from './delivery/delivery.service';
import { HealthController } from './health/health.controller';
import { InboxChanges } from './inbox/inbox-changes';
import { InboxController } from './inbox/inbox.controller';
import { InboxService } from './inbox/inbox.service';
import { HilfeplanungController } from './hilfeplanung/hilfeplanung.controller';
import { HilfeplanungCommandsService } from './hilfeplanung/hilfeplanung-commands.service';
import { HilfeplanungReadsService } from './hilfeplanung/hilfeplanung-reads.service';
import { HilfeplanungWorkflow } from './hilfeplanung/hilfeplanung-workflow.service';
import { RiskAssessmentCommandsService } from './risk-assessment/risk-assessment-commands.service';
import { RiskAssessmentReadsService } from './risk-assessment/risk-assessment-reads.service';
import { RiskAssessmentWorkflow } from './risk-assessment/risk-assessment-workflow.service';
import { RiskAssessmentController } from './risk-assessment/risk-assessment.controller';
import { KkgFeedbackAcknowledgementsService } from './kkg-feedback/kkg-feedback-acknowledgements.service';
import { KkgFeedbackReadsService } from './kkg-feedback/kkg-feedback-reads.service';
import { KkgFeedbackWorkflow } from './kkg-feedback/kkg-feedback-workflow.service';
import { KkgReportsController } from './kkg-feedback/kkg-reports.controller';
import { TasksController } from './tasks/tasks.controller';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { LagebildModule } from './lagebild/lagebild.module';
import { LoggingModule } from './logging/logging.module';
import { NetworksModule } from './networks/networks.module';
import { NetworkMeetingsModule } from './network-meetings/network-meetings.module';
import { OpenApiModule } from './openapi/openapi.module';
import { QualityAnnotationsModule } from './quality-annotations/quality-annotations.module';
import { QualityReportModule } from './quality-report/quality-report.module';
import { WeaknessRegisterModule } from './weakness-register/weakness-register.module';
import { TimelineController } from './timeline/timeline.controller';
import { TimelineService } from './timeline/timeline.service';

@Module({
  imports: [
    InfrastructureModule,
    LoggingModule,
    AccessModule,
    OpenApiModule,
    RateLimitModule,
    AgreementsModule,
    DirectoryModule,
    LagebildModule,
    BreakGlassModule,
    NetworksModule,
    NetworkMeetingsModule,
    QualityReportModule,
    QualityAnnotationsModule,
    WeaknessRegisterModule,
  ],
  controllers: [
    HealthController,
    CasesController,
    GuardiansController,
    CrisisController,
    CrisisListController,
    TasksController,
    BriefingController,
    TimelineController,
    HilfeplanungController,
    RiskAssessmentController,
    KkgReportsController,
    InboxController,
    DeliveryController,
  ],
  providers: [
    DeliveryService,
    HilfeplanungWorkflow,
    HilfeplanungCommandsService,
    HilfeplanungReadsService,
    RiskAssessmentWorkflow,
    RiskAssessmentCommandsService,
    RiskAssessmentReadsService,
    KkgFeedbackWorkflow,
    KkgFeedbackReadsService,
    KkgFeedbackAcknowledgementsService,
    InboxService,
    InboxChanges,
    CasesService,
    GuardiansService,
    BriefingService,
    CrisisTriggerService,
    CrisisReadsService,
    CrisisCommandsService,
    TimelineService,
    { provide: APP_GUARD, useClass: AuthGuard },
    // Before the per-user write limit (RateLimitModule, imported: its guard runs after these).
    {
      provide: WRITE_ADMISSION,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new Admission(c.API_MAX_CONCURRENT_WRITES, c.API_WRITE_QUEUE_MS),
    },
    { provide: APP_GUARD, useClass: WriteAdmissionGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_INTERCEPTOR, useClass: TemporalDeadlineInterceptor },
    // Every `:caseId` means the caller's office's case or the full id it names (docs/adr/0024).
    { provide: APP_INTERCEPTOR, useClass: CaseIdResolutionInterceptor },
  ],
})
export class AppModule {}
