import { Module } from '@nestjs/common';
import type { AppConfig } from '@hilfenetz/config';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../infrastructure/tokens';
import { createRootLogger, ROOT_LOGGER } from './root-logger';

/**
 * Nest's own log lines (start-up, unexpected errors) go through the same pino logger as the
 * request lines. The request logger itself is installed by createApi ahead of the body parser, so
 * that refused bodies are logged too; nestjs-pino only binds it to the request (useExisting).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [
        { provide: ROOT_LOGGER, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createRootLogger(c.LOG_LEVEL) },
      ],
      inject: [ROOT_LOGGER],
      useFactory: (logger: Logger) => ({ pinoHttp: { logger }, useExisting: true }),
    }),
  ],
})
export class LoggingModule {}
