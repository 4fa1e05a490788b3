import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '@hilfenetz/config';
import { APP_CONFIG } from '../infrastructure/tokens';
import { WriteThrottlerGuard } from './write-throttler.guard';

/**
 * Writes per user and window (API_WRITE_RATE_LIMIT, API_WRITE_RATE_WINDOW_SECONDS). Imported by
 * AppModule after its own providers: global guards run in registration order, the AuthGuard first.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        throttlers: [{ name: 'default', limit: c.API_WRITE_RATE_LIMIT, ttl: c.API_WRITE_RATE_WINDOW_SECONDS * 1000 }],
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: WriteThrottlerGuard }],
})
export class RateLimitModule {}
