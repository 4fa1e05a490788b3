import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import {
  apiDatabasePoolSize,
  loadConfig,
  masterKeyring,
  temporalConnectionOptions,
  type AppConfig,
} from '@hilfenetz/config';
import { PersonalDataVault, PostgresEventStore, type EventStore } from '@hilfenetz/event-store';
import { encryptedDataConverter, transportCodecOptions } from '@hilfenetz/transport-encryption';
import { createDataSource } from '@hilfenetz/persistence';
import {
  AgreementVersionsRepository,
  CaseFactsRepository,
  CrisisBoardRepository,
  InAppReachRepository,
} from '@hilfenetz/read-models';
import type { DataSource } from 'typeorm';
import { JwksTokenVerifier } from '../auth/token-verifier';
import {
  APP_CONFIG,
  CLOCK,
  DATA_SOURCE,
  EVENT_STORE,
  PERSONAL_DATA_VAULT,
  TEMPORAL_CLIENT,
  TOKEN_VERIFIER,
} from './tokens';
import { UpdateRetryInterceptor } from './update-retry.interceptor';

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig() },
    {
      provide: DATA_SOURCE,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) =>
        createDataSource(c.DATABASE_URL, {
          applicationName: 'hilfenetz-api',
          poolSize: apiDatabasePoolSize(c),
        }).initialize(),
    },
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG],
      useFactory: async (c: AppConfig) =>
        new Client({
          // With TEMPORAL_TLS_* mutual TLS to the frontend (issue 15), else plain as to the dev server.
          connection: await Connection.connect(temporalConnectionOptions(c)),
          namespace: c.TEMPORAL_NAMESPACE,
          dataConverter: encryptedDataConverter(masterKeyring(c), transportCodecOptions(c)),
          interceptors: { workflow: [new UpdateRetryInterceptor()] },
        }),
    },
    {
      provide: TOKEN_VERIFIER,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) =>
        new JwksTokenVerifier(c.OIDC_ISSUER, c.OIDC_AUDIENCE, {
          clockSkewSeconds: c.OIDC_CLOCK_SKEW_SECONDS,
          rolesClaims: c.OIDC_ROLES_CLAIM,
          organisationClaim: c.OIDC_ORGANISATION_CLAIM,
          organisationGroupPrefix: c.OIDC_ORGANISATION_GROUP_PREFIX,
        }),
    },
    { provide: CLOCK, useValue: () => new Date() },
    { provide: EVENT_STORE, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new PostgresEventStore(ds) },
    {
      provide: CaseFactsRepository,
      inject: [DATA_SOURCE, EVENT_STORE],
      useFactory: (ds: DataSource, store: EventStore) => new CaseFactsRepository(ds, store),
    },
    {
      provide: CrisisBoardRepository,
      inject: [DATA_SOURCE],
      useFactory: (ds: DataSource) => new CrisisBoardRepository(ds),
    },
    {
      provide: InAppReachRepository,
      inject: [DATA_SOURCE],
      useFactory: (ds: DataSource) => new InAppReachRepository(ds),
    },
    {
      provide: AgreementVersionsRepository,
      inject: [DATA_SOURCE],
      useFactory: (ds: DataSource) => new AgreementVersionsRepository(ds),
    },
    {
      provide: PERSONAL_DATA_VAULT,
      inject: [DATA_SOURCE, APP_CONFIG],
      useFactory: (ds: DataSource, c: AppConfig) => new PersonalDataVault(ds, masterKeyring(c)),
    },
  ],
  exports: [
    APP_CONFIG,
    DATA_SOURCE,
    TEMPORAL_CLIENT,
    TOKEN_VERIFIER,
    CLOCK,
    EVENT_STORE,
    PERSONAL_DATA_VAULT,
    CaseFactsRepository,
    CrisisBoardRepository,
    InAppReachRepository,
    AgreementVersionsRepository,
  ],
})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close().catch(() => undefined);
    await this.ds.destroy().catch(() => undefined);
  }
}
