import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '@hilfenetz/config';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, DATA_SOURCE } from '../infrastructure/tokens';
import { PostgresThrottlerStorage } from './postgres-throttler.storage';
import { WriteThrottlerGuard } from './write-throttler.guard';

/**
 * Writes per user and window (API_WRITE_RATE_LIMIT, API_WRITE_RATE_WINDOW_SECONDS), counted in
 * Postgres so the limit holds across API instances. Imported by
 * AppModule after its own providers: global guards run in registration order, the AuthGuard first.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, DATA_SOURCE],
      useFactory: (c: AppConfig, ds: DataSource) => ({
        throttlers: [{ name: 'default', limit: c.API_WRITE_RATE_LIMIT, ttl: c.API_WRITE_RATE_WINDOW_SECONDS * 1000 }],
        // Shared by all API instances (the default counts per process).
        storage: new PostgresThrottlerStorage(ds),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: WriteThrottlerGuard }],
})
export class RateLimitModule {}
