import { Controller, Get, Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PublicEndpoint } from '../auth/access.decorators';

/** Holds the document createApi builds once the app's routes are known. */
@Injectable()
export class OpenApiDocumentHolder {
  document: OpenAPIObject | null = null;
}

@Controller()
export class OpenApiController {
  constructor(private readonly holder: OpenApiDocumentHolder) {}

  /** Public like /health: it describes the API, never a case. */
  @Get('openapi.json')
  @PublicEndpoint()
  openApi(): OpenAPIObject {
    if (!this.holder.document) throw new Error('the OpenAPI document was not built at start-up');
    return this.holder.document;
  }
}
