import { Module } from '@nestjs/common';
import { OpenApiController, OpenApiDocumentHolder } from './openapi.controller';

@Module({ controllers: [OpenApiController], providers: [OpenApiDocumentHolder], exports: [OpenApiDocumentHolder] })
export class OpenApiModule {}
