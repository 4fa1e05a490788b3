import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ZodOptional, type ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { BREAK_GLASS_HEADER, breakGlassReasonHeader } from '../access/case-access.policy';
import { ALLOWED_ROLES, PUBLIC_ENDPOINT } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import {
  HEADER_SCHEMAS,
  PROBLEM_STATUSES,
  RESPONSE_LINKS,
  RESPONSE_SCHEMAS,
  type DocumentedLink,
  type DocumentedResponse,
} from './response-schema.decorator';

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
  // E-mail as zod's own pattern, not `format: email`: the formats' checkers (schemathesis's among
  // them) admit addresses zod refuses, so a client following the document would be refused.
  const { $schema: _drop, ...json } = convert(schema, {
    target: 'openApi3',
    $refStrategy: 'none',
    emailStrategy: 'pattern:zod',
  });
  return json;
}

/** A string with no U+0000, for a free-text field whose schema says nothing narrower. */
const NO_NUL = '^[^\\u0000]*$';

/**
 * A request body's strings say that U+0000 is refused (nul-characters.middleware.ts refuses it in
 * any string of any body: Postgres cannot store it). Strings with a pattern, format or fixed values
 * already say what they take.
 */
function withoutNul(schema: SchemaObject): SchemaObject {
  const node = { ...schema } as SchemaObject & Record<string, unknown>;
  if (node.type === 'string' && !node.pattern && !node.format && !node.enum && node['const'] === undefined) {
    node.pattern = NO_NUL;
  }
  if (node.properties) {
    node.properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, withoutNul(v as SchemaObject)]),
    );
  }
  if (node.items && !Array.isArray(node.items)) node.items = withoutNul(node.items as SchemaObject);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    node.additionalProperties = withoutNul(node.additionalProperties as SchemaObject);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (node[key]) node[key] = (node[key] as SchemaObject[]).map(withoutNul);
  }
  return node;
}

/**
 * Headers several handlers read and one policy parses: documented from that policy's schema
 * wherever a handler reads them, without a @DocumentHeader on each.
 */
const SHARED_HEADER_SCHEMAS: Record<string, ZodTypeAny> = {
  [BREAK_GLASS_HEADER]: breakGlassReasonHeader.optional(),
};

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
    for (const [httpMethod, op] of Object.entries(item) as [string, OperationObject][]) {
      const handler = op.operationId ? byOperationId.get(op.operationId) : undefined;
      if (!handler) continue;
      describeOperation(op, handler, httpMethod !== 'get');
    }
  }
}

/**
 * The problems every operation of a kind can answer with, from the layers all requests pass
 * (problem-details.filter, json-body.middleware, the throttlers, the Temporal deadline); what
 * only one handler answers it names itself with @DocumentProblems.
 */
const PROBLEMS: Record<number, string> = {
  400: 'Invalid request: the problem names each field and the reason.',
  401: 'No valid bearer token.',
  403: 'The role or organisation may not use this endpoint.',
  404: 'What the path names does not exist, or is not visible to the caller.',
  409: 'Not possible in the current state (ended, decided, already there).',
  413: 'The request body exceeds 32 kB.',
  415: 'The request body is not UTF-8 JSON.',
  422: 'Well-formed, but a rule of the domain refuses it.',
  429: 'Too many requests by this user or client; Retry-After says when to try again.',
  503: 'The workflow engine did not answer in time or cannot be reached, or this instance is at its limit of concurrent writes: retry after Retry-After (repeating the request is safe).',
};

/**
 * A link as OpenAPI writes it. A body it names goes with `x-schemathesis.merge_body: false`: the
 * fuzzer's stateful phase then sends exactly that body instead of mixing it into a generated one.
 */
function openApiLink({ requestBody, ...link }: DocumentedLink): Record<string, unknown> {
  return requestBody === undefined ? link : { ...link, requestBody, 'x-schemathesis': { merge_body: false } };
}

function problemStatuses(
  op: OperationObject,
  o: { validates: boolean; writes: boolean; isPublic: boolean; own: number[] },
): number[] {
  const hasPathParams = (op.parameters as ParameterObject[]).some((p) => p.in === 'path');
  return [
    ...(o.validates ? [400] : []),
    ...(o.isPublic ? [] : [401, 403, 503]),
    ...(hasPathParams ? [404] : []),
    // Writes meet state (409), domain rules (422) and the per-user write limit (429).
    ...(o.writes && !o.isPublic ? [409, 422, 429] : []),
    ...(op.requestBody ? [413, 415] : []),
    ...o.own,
  ];
}

function describeOperation(op: OperationObject, { controller, method }: RouteHandler, writes: boolean): void {
  const fn = (controller.prototype as Record<string, unknown>)[method] as object;
  const args = Object.entries(
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArg>,
  ).sort(([, a], [, b]) => a.index - b.index);
  const params: ParameterObject[] = [];
  const headerSchemas = (Reflect.getMetadata(HEADER_SCHEMAS, fn) ?? {}) as Record<string, ZodTypeAny>;
  let validates = false;
  for (const [key, arg] of args) {
    const type = Number(key.split(':')[0]) as RouteParamtypes;
    const zod = arg.pipes?.find((p): p is ZodPipe<ZodTypeAny> => p instanceof ZodPipe);
    if (zod) validates = true;
    if (type === RouteParamtypes.BODY && zod) {
      // A body schema that is optional as a whole (`.optional()`) lets the request come without one.
      op.requestBody = {
        required: !zod.schema.isOptional(),
        content: { 'application/json': { schema: withoutNul(toJsonSchema(zod.schema)) } },
      };
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
      const checked = headerSchemas[arg.data.toLowerCase()] ?? SHARED_HEADER_SCHEMAS[arg.data.toLowerCase()];
      if (checked) validates = true;
      params.push({
        name: arg.data,
        in: 'header',
        required: checked ? !checked.isOptional() : false,
        // An optional header is said by `required: false`; its schema is the value's own.
        schema: checked
          ? toJsonSchema(checked instanceof ZodOptional ? checked.unwrap() : checked)
          : { type: 'string' },
      });
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
  const linked = Reflect.getMetadata(RESPONSE_LINKS, fn) as
    { statuses: number[]; links: Record<string, DocumentedLink> } | undefined;
  if (linked) {
    const links = Object.fromEntries(Object.entries(linked.links).map(([name, link]) => [name, openApiLink(link)]));
    for (const status of linked.statuses) {
      op.responses[status] = { ...(op.responses[status] ?? { description: '' }), links };
    }
  }
  const isPublic = Boolean(Reflect.getMetadata(PUBLIC_ENDPOINT, fn));
  const own = (Reflect.getMetadata(PROBLEM_STATUSES, fn) ?? []) as number[];
  for (const status of problemStatuses(op, { validates, writes, isPublic, own }).sort((a, b) => a - b)) {
    op.responses[status] = problemResponse(PROBLEMS[status] ?? 'See the problem detail.');
  }
  if (isPublic) {
    op.security = [];
    return;
  }
  const roles = (Reflect.getMetadata(ALLOWED_ROLES, fn) ?? []) as string[];
  (op as OperationObject & { 'x-allowed-roles': string[] })['x-allowed-roles'] = roles;
  op.description = [op.description, `Roles: ${roles.length ? roles.join(', ') : 'none (denied to everyone)'}.`]
    .filter(Boolean)
    .join('\n\n');
}

const correlationHeader: ParameterObject = {
  name: 'x-correlation-id',
  in: 'header',
  required: false,
  // No pattern in the schema: a malformed one is not refused but replaced, so it is not invalid input.
  description:
    'Traces the request through logs and events: 8 to 128 of A-Z, a-z, 0-9, ".", "_", "-"; ' +
    'a new one is made when absent or malformed.',
  schema: { type: 'string' },
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
