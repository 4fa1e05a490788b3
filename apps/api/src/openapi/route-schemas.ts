import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { ALLOWED_ROLES, PUBLIC_ENDPOINT } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { RESPONSE_SCHEMAS, type DocumentedResponse } from './response-schema.decorator';

interface RouteArg {
  index: number;
  data?: string;
  pipes?: unknown[];
}

/** A controller method as Nest registered it, keyed like swagger's default operationId. */
export interface RouteHandler {
  controller: { name: string; prototype: object };
  method: string;
}

// The converter's own types recurse through every zod type; the result is plain JSON Schema.
type Convert = (schema: ZodTypeAny, options: object) => { $schema?: string } & SchemaObject;
const convert = zodToJsonSchema as unknown as Convert;

export function toJsonSchema(schema: ZodTypeAny): SchemaObject {
  const { $schema: _drop, ...json } = convert(schema, { target: 'openApi3', $refStrategy: 'none' });
  return json;
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: PROBLEM_REF } },
});

/**
 * Completes swagger's route scan from the metadata the API already runs on, so nothing is
 * written twice: request bodies, path and query parameters from the ZodPipe that validates them,
 * headers from @Headers, roles from @AllowRoles (as `x-allowed-roles`), public endpoints from
 * @PublicEndpoint. A new endpoint is documented the moment it validates its input.
 */
export function describeRoutes(doc: OpenAPIObject, handlers: RouteHandler[]): void {
  const byOperationId = new Map(handlers.map((h) => [`${h.controller.name}_${h.method}`, h]));
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Problem: problemSchema } };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as OperationObject[]) {
      const handler = op.operationId ? byOperationId.get(op.operationId) : undefined;
      if (!handler) continue;
      describeOperation(op, handler);
    }
  }
}

function describeOperation(op: OperationObject, { controller, method }: RouteHandler): void {
  const fn = (controller.prototype as Record<string, unknown>)[method] as object;
  const args = Object.entries(
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArg>,
  ).sort(([, a], [, b]) => a.index - b.index);
  const params: ParameterObject[] = [];
  let validates = false;
  for (const [key, arg] of args) {
    const type = Number(key.split(':')[0]) as RouteParamtypes;
    const zod = arg.pipes?.find((p): p is ZodPipe<ZodTypeAny> => p instanceof ZodPipe);
    if (zod) validates = true;
    if (type === RouteParamtypes.BODY && zod) {
      op.requestBody = { required: true, content: { 'application/json': { schema: toJsonSchema(zod.schema) } } };
    } else if (type === RouteParamtypes.PARAM && arg.data) {
      params.push({
        name: arg.data,
        in: 'path',
        required: true,
        schema: zod ? toJsonSchema(zod.schema) : { type: 'string' },
      });
    } else if (type === RouteParamtypes.QUERY && zod && !arg.data) {
      const schema = toJsonSchema(zod.schema);
      const required = new Set(schema.required ?? []);
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        params.push({ name, in: 'query', required: required.has(name), schema: prop as SchemaObject });
      }
    } else if (type === RouteParamtypes.HEADERS && arg.data && arg.data !== 'authorization') {
      params.push({ name: arg.data, in: 'header', required: false, schema: { type: 'string' } });
    }
  }
  // Every request may carry one (see logging/http-logger.ts); the response always echoes it.
  if (!params.some((p) => p.in === 'header' && p.name === 'x-correlation-id')) params.push(correlationHeader);
  op.parameters = params;
  for (const r of (Reflect.getMetadata(RESPONSE_SCHEMAS, fn) ?? []) as DocumentedResponse[]) {
    op.responses[r.status] = {
      description: r.description,
      content: Object.fromEntries(
        Object.entries(r.content).map(([type, schema]) => [type, { schema: toJsonSchema(schema) }]),
      ),
    };
  }
  if (Reflect.getMetadata(PUBLIC_ENDPOINT, fn)) {
    op.security = [];
    return;
  }
  const roles = (Reflect.getMetadata(ALLOWED_ROLES, fn) ?? []) as string[];
  (op as OperationObject & { 'x-allowed-roles': string[] })['x-allowed-roles'] = roles;
  op.description = [op.description, `Roles: ${roles.length ? roles.join(', ') : 'none (denied to everyone)'}.`]
    .filter(Boolean)
    .join('\n\n');
  op.responses = {
    ...op.responses,
    ...(validates ? { 400: problemResponse('Invalid request: the problem names each field and the reason.') } : {}),
    401: problemResponse('No valid bearer token.'),
    403: problemResponse('The role or organisation may not use this endpoint.'),
  };
}

const correlationHeader: ParameterObject = {
  name: 'x-correlation-id',
  in: 'header',
  required: false,
  description: 'Traces the request through logs and events; a new one is made when absent or malformed.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{8,128}$' },
};

/** RFC 9457 problem details as this API sends them. */
const problemSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};
