import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { describeRoutes, type RouteHandler } from './route-schemas';

/**
 * The API's OpenAPI 3 document: paths from Nest's routes (swagger), everything else from the
 * metadata the API runs on (see describeRoutes). No server URL: the committed copy must not
 * depend on the port it was generated on.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('hilfenetz API')
    .setDescription(
      'Crisis coordination in youth welfare. Every endpoint needs an OpenID Connect bearer token ' +
        'unless it is marked public; `x-allowed-roles` names the roles that may call it. Errors are ' +
        'application/problem+json (RFC 9457).',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'oidc')
    .addSecurityRequirements('oidc')
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller}_${method}`,
  });
  describeRoutes(doc, routeHandlers(app));
  return doc;
}

/** Every controller method of the app, for matching swagger's operations to their metadata. */
export function routeHandlers(app: INestApplication): RouteHandler[] {
  const handlers: RouteHandler[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const controller = wrapper.metatype as RouteHandler['controller'] | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        if (method !== 'constructor') handlers.push({ controller, method });
      }
    }
  }
  return handlers;
}
