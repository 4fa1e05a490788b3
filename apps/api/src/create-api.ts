import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { bodyParserErrors, jsonBodyParser } from './common/json-body.middleware';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { OpenApiDocumentHolder } from './openapi/openapi.controller';

/** Builds the HTTP app; main.ts listens, tests may embed it. */
export async function createApi(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  app.use(jsonBodyParser, bodyParserErrors);
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  app.get(OpenApiDocumentHolder).document = buildOpenApiDocument(app);
  return app;
}
