import { Controller, Get, Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { PublicEndpoint } from '../auth/access.decorators';
import { DocumentResponse } from './response-schema.decorator';

/** Holds the document createApi builds once the app's routes are known. */
@Injectable()
export class OpenApiDocumentHolder {
  document: OpenAPIObject | null = null;
}

/**
 * What GET /openapi.json answers, as far as its own document says: an OpenAPI 3 document (the
 * rest of the specification's fields pass through unchecked).
 */
export const openApiDocumentSchema = z
  .object({
    openapi: z.string().regex(/^3\.\d+\.\d+/),
    info: z.object({ title: z.string(), version: z.string() }).passthrough(),
    paths: z.record(z.string(), z.object({}).passthrough()),
  })
  .passthrough()
  .describe('An OpenAPI 3 document');

@Controller()
export class OpenApiController {
  constructor(private readonly holder: OpenApiDocumentHolder) {}

  /** Public like /health: it describes the API, never a case. */
  @Get('openapi.json')
  @PublicEndpoint()
  @DocumentResponse({
    status: 200,
    description: 'This API’s OpenAPI 3 document.',
    content: { 'application/json': openApiDocumentSchema },
  })
  openApi(): OpenAPIObject {
    if (!this.holder.document) throw new Error('the OpenAPI document was not built at start-up');
    return this.holder.document;
  }
}
