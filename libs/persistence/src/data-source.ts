import { DataSource } from 'typeorm';
import { TimelineEntryEntity } from './entities/timeline-entry.entity';
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
import { AppendBatchFunction1764000000104 } from './migrations/1764000000104-append-batch-function.migration';
import { WriteRateLimits1764000000105 } from './migrations/1764000000105-write-rate-limits.migration';

export const entities = [TimelineEntryEntity];
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
