import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { EventStore1764000000000 } from './migrations/1764000000000-event-store.migration';
import { TimelineReadModel1764000000001 } from './migrations/1764000000001-timeline-read-model.migration';
import { ProjectionCheckpoints1764000000002 } from './migrations/1764000000002-projection-checkpoints.migration';
import { PersonalDataKeys1764000000003 } from './migrations/1764000000003-personal-data-keys.migration';
import { AppRoleGrants1764000000004 } from './migrations/1764000000004-app-role-grants.migration';
import { CaseAccessLog1764000000005 } from './migrations/1764000000005-case-access-log.migration';
import { TaskInbox1764000000100 } from './migrations/1764000000100-task-inbox.migration';
import { AppendFunction1764000000101 } from './migrations/1764000000101-append-function.migration';
import { CaseDirectory1764000000102 } from './migrations/1764000000102-case-directory.migration';
import { AgreementVersions1764000000103 } from './migrations/1764000000103-agreement-versions.migration';
import { AgreementSignatures1764000000130 } from './migrations/1764000000130-agreement-signatures.migration';
import { AppendBatchFunction1764000000104 } from './migrations/1764000000104-append-batch-function.migration';
import { WriteRateLimits1764000000105 } from './migrations/1764000000105-write-rate-limits.migration';
import { PeopleDirectory1764000000106 } from './migrations/1764000000106-people-directory.migration';
import { GuardianCodes1764000000110 } from './migrations/1764000000110-guardian-codes.migration';
import { CaseFacts1764000000120 } from './migrations/1764000000120-case-facts.migration';
import { GuardedWrites1764000000140 } from './migrations/1764000000140-guarded-writes.migration';
import { SignedCheckpoints1764000000141 } from './migrations/1764000000141-signed-checkpoints.migration';
import { BreakGlassReviews1764000000150 } from './migrations/1764000000150-break-glass-reviews.migration';
import { BreakGlassReviewOutcomes1764000000151 } from './migrations/1764000000151-break-glass-review-outcomes.migration';
import { BreakGlassReasonsSealed1764000000152 } from './migrations/1764000000152-break-glass-reasons-sealed.migration';
import { CrisisBoard1764000000160 } from './migrations/1764000000160-crisis-board.migration';
import { QualityFacts1764000000170 } from './migrations/1764000000170-quality-facts.migration';
import { TaskInboxProcessTasks1764000000180 } from './migrations/1764000000180-task-inbox-process-tasks.migration';
import { Networks1764000000210 } from './migrations/1764000000210-networks.migration';
import { CaseTaskSla1764000000240 } from './migrations/1764000000240-case-task-sla.migration';
import { NetworkConsultations1764000000260 } from './migrations/1764000000260-network-consultations.migration';
import { NetworkReferrals1764000000261 } from './migrations/1764000000261-network-referrals.migration';
import { NetworkWeaknessRegister1764000000262 } from './migrations/1764000000262-network-weakness-register.migration';
import { CrisisBoardOfflineEntries1764000000270 } from './migrations/1764000000270-crisis-board-offline-entries.migration';
import { QualityDeadlineItems1764000000275 } from './migrations/1764000000275-quality-deadline-items.migration';
import { CrisisBoardByCase1764000000280 } from './migrations/1764000000280-crisis-board-by-case.migration';
import { QualityDeclineCategories1764000000285 } from './migrations/1764000000285-quality-decline-categories.migration';
import { TaskInAppReach1764000000290 } from './migrations/1764000000290-task-in-app-reach.migration';
import { ReferralAccessLog1764000000295 } from './migrations/1764000000295-referral-access-log.migration';
import { ShadowRebuild1764000000300 } from './migrations/1764000000300-shadow-rebuild.migration';
import { ShadowAnalyzeBeforeSwap1764000000301 } from './migrations/1764000000301-shadow-analyze-before-swap.migration';
import { OpenCrisisPerCase1764000000190 } from './migrations/1764000000190-open-crisis-per-case.migration';
import { QualityLoop1764000000200 } from './migrations/1764000000200-quality-loop.migration';

/** No TypeORM entities: the apps speak SQL (docs/adr/0011); TypeORM runs migrations and transactions. */
export const entities = [];
export const migrations = [
  EventStore1764000000000,
  TimelineReadModel1764000000001,
  ProjectionCheckpoints1764000000002,
  PersonalDataKeys1764000000003,
  AppRoleGrants1764000000004,
  CaseAccessLog1764000000005,
  TaskInbox1764000000100,
  AppendFunction1764000000101,
  CaseDirectory1764000000102,
  AgreementVersions1764000000103,
  AppendBatchFunction1764000000104,
  WriteRateLimits1764000000105,
  PeopleDirectory1764000000106,
  GuardianCodes1764000000110,
  CaseFacts1764000000120,
  AgreementSignatures1764000000130,
  GuardedWrites1764000000140,
  SignedCheckpoints1764000000141,
  BreakGlassReviews1764000000150,
  BreakGlassReviewOutcomes1764000000151,
  BreakGlassReasonsSealed1764000000152,
  CrisisBoard1764000000160,
  QualityFacts1764000000170,
  TaskInboxProcessTasks1764000000180,
  OpenCrisisPerCase1764000000190,
  QualityLoop1764000000200,
  Networks1764000000210,
  CaseTaskSla1764000000240,
  NetworkConsultations1764000000260,
  NetworkReferrals1764000000261,
  NetworkWeaknessRegister1764000000262,
  CrisisBoardOfflineEntries1764000000270,
  QualityDeadlineItems1764000000275,
  CrisisBoardByCase1764000000280,
  QualityDeclineCategories1764000000285,
  TaskInAppReach1764000000290,
  ReferralAccessLog1764000000295,
  ShadowRebuild1764000000300,
  ShadowAnalyzeBeforeSwap1764000000301,
];

/** The one way to build a DataSource: migrations listed explicitly, schema sync never on. */
export function createDataSource(url: string, opts: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    extra: { max: opts.poolSize ?? 10, application_name: opts.applicationName ?? 'hilfenetz' },
  });
}

/**
 * The pg pool behind an initialised DataSource, for the hot paths that send one named (prepared)
 * statement straight through the driver: appends, the commit-ordered read, the relay checkpoint,
 * data-key look-ups, the write rate limit. `master` is the public pool of TypeORM's PostgresDriver;
 * this is the one place that knows it (docs/adr/0011). Transactions still go through
 * `DataSource.transaction` and its EntityManager, on connections of the same pool.
 */
export function pgPool(ds: DataSource): Pool {
  const driver = ds.driver;
  if (!(driver instanceof PostgresDriver)) throw new Error('pgPool: the DataSource is not a Postgres one');
  const pool: Pool | undefined = driver.master;
  if (!pool) throw new Error('pgPool: the DataSource is not initialised');
  return pool;
}
