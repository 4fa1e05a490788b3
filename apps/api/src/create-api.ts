import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import type { Registry } from 'prom-client';
import { AppModule } from './app.module';
import { bodyParserErrors, jsonBodyParser } from './common/json-body.middleware';
import { refuseNulCharacters } from './common/nul-characters.middleware';
import { securityHeaders } from './common/security-headers';
import { httpLogger } from './logging/http-logger';
import { httpMetrics } from './observability/http-metrics.middleware';
import { admissionMetrics } from './observability/admission-metrics';
import { WRITE_ADMISSION } from './common/write-admission.guard';
import type { Admission } from './common/admission';
import { ROOT_LOGGER } from './logging/root-logger';
import { methodNotAllowed } from './openapi/method-not-allowed';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { OpenApiDocumentHolder } from './openapi/openapi.controller';

/** Builds the HTTP app; main.ts listens (and gives it a metrics registry), tests may embed it. */
export async function createApi(opts: { metrics?: Registry } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  // First, so that every request is logged with its correlation id, even one the body parser refuses.
  app.use(httpLogger(app.get<Pino>(ROOT_LOGGER)));
  if (opts.metrics) {
    app.use(httpMetrics(opts.metrics));
    admissionMetrics(opts.metrics, app.get<Admission>(WRITE_ADMISSION));
  }
  app.use(securityHeaders);
  // A known path with a method it lacks: 405 with Allow (from the document built below), before the body is read.
  const openApi = app.get(OpenApiDocumentHolder);
  app.use(methodNotAllowed(() => openApi.document));
  app.use(jsonBodyParser, bodyParserErrors, refuseNulCharacters);
  app.disable('x-powered-by');
  // Behind the web server or the dev proxy the client's address comes in X-Forwarded-For; the
  // guardian code page locks a client out by it after five wrong codes.
  app.set('trust proxy', 'loopback');
  app.enableShutdownHooks();
  openApi.document = buildOpenApiDocument(app);
  return app;
}
