import 'reflect-metadata';
import { Body, Controller, Get, Headers, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { breakGlassReasonPattern } from '../access/case-access.policy';
import { AllowRoles, PublicEndpoint } from '../auth/access.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { buildOpenApiDocument } from './openapi-document';
import { DocumentHeader, DocumentLinks, DocumentProblems, DocumentResponse } from './response-schema.decorator';

const noteRequest = z.object({ text: z.string().min(3) }).strict();
const listQuery = z.object({ limit: z.coerce.number().int().max(50).default(10), q: z.string() }).strict();

@Controller('notes/:noteId')
class NotesController {
  @Post()
  @AllowRoles('caseworker')
  write(
    @Param('noteId', new ZodPipe(z.string().regex(/^n-\d+$/), 'path')) _id: string,
    @Body(new ZodPipe(noteRequest)) _body: unknown,
    @Headers('x-break-glass-reason') _reason: string | undefined,
  ): void {}

  @Get()
  @AllowRoles('supervisor', 'auditor')
  @DocumentResponse({ status: 200, description: 'The notes.', content: { 'application/json': z.array(noteRequest) } })
  list(@Query(new ZodPipe(listQuery, 'query')) _q: unknown): void {}

  @Post('flags')
  @AllowRoles('caseworker')
  flag(@Body(new ZodPipe(noteRequest.optional())) _body: unknown): void {}

  @Post('copies')
  @AllowRoles('caseworker')
  @DocumentHeader('Idempotency-Key', z.string().regex(/^[a-z0-9-]{8,64}$/))
  @DocumentResponse(
    { status: 201, description: 'Copied.', content: { 'application/json': z.object({ copyId: z.string() }) } },
    { status: 200, description: 'Copied before.', content: { 'application/json': z.object({ copyId: z.string() }) } },
  )
  @DocumentLinks(201, {
    ReadCopy: {
      operationId: 'NotesController_list',
      parameters: { noteId: '$response.body#/copyId' },
      description: 'The copy.',
    },
    FlagCopy: {
      operationId: 'NotesController_flag',
      parameters: { noteId: '$response.body#/copyId' },
      requestBody: {},
      description: 'Flag the copy, with nothing to say about it.',
    },
  })
  copy(@Headers('idempotency-key') _key: string | undefined): void {}

  @Get('secret')
  undeclared(): void {}
}

@Controller()
class ProbeController {
  @Get('ping')
  @PublicEndpoint()
  ping(): void {}

  @Get('ready')
  @PublicEndpoint()
  @DocumentProblems(503)
  ready(): void {}
}

@Module({ controllers: [NotesController, ProbeController] })
class NotesModule {}

describe('the OpenAPI document, from the metadata the API runs on', () => {
  let doc: ReturnType<typeof buildOpenApiDocument>;

  beforeAll(async () => {
    const app = await NestFactory.create(NotesModule, { preview: true, logger: false });
    doc = buildOpenApiDocument(app);
    await app.close();
  });

  it('documents a header the handler checks itself, one answer per status and the links from an answer', () => {
    const op = doc.paths['/notes/{noteId}/copies']!.post!;
    expect(op.parameters).toContainEqual({
      name: 'idempotency-key',
      in: 'header',
      required: true,
      schema: { type: 'string', pattern: '^[a-z0-9-]{8,64}$' },
    });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '201', '400']));
    expect(op.responses['201']).toMatchObject({
      description: 'Copied.',
      links: { ReadCopy: { operationId: 'NotesController_list', parameters: { noteId: '$response.body#/copyId' } } },
    });
    const links = (op.responses['201'] as { links: Record<string, object> }).links;
    expect(links['ReadCopy']).not.toHaveProperty('requestBody');
    // A named body is sent as it is, not merged into a generated one (see openApiLink).
    expect(links['FlagCopy']).toEqual({
      operationId: 'NotesController_flag',
      parameters: { noteId: '$response.body#/copyId' },
      requestBody: {},
      'x-schemathesis': { merge_body: false },
      description: 'Flag the copy, with nothing to say about it.',
    });
    expect(op.responses['200']).not.toHaveProperty('links');
  });

  it('describes a body, path parameters and headers from the pipes and decorators that check them', () => {
    const op = doc.paths['/notes/{noteId}']!.post!;
    expect(op.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            // Free text says that U+0000 is refused (nul-characters.middleware.ts refuses it everywhere).
            properties: { text: { type: 'string', minLength: 3, pattern: '^[^\\u0000]*$' } },
            required: ['text'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(op.parameters).toEqual([
      { name: 'noteId', in: 'path', required: true, schema: { type: 'string', pattern: '^n-\\d+$' } },
      // Read with no decorator of its own: documented from the access policy that parses it.
      {
        name: 'x-break-glass-reason',
        in: 'header',
        required: false,
        schema: { type: 'string', pattern: breakGlassReasonPattern.source },
      },
      expect.objectContaining({ name: 'x-correlation-id', in: 'header', required: false }),
    ]);
    expect(op).toMatchObject({ 'x-allowed-roles': ['caseworker'] });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403']));
  });

  it('marks a body optional when its schema is', () => {
    expect(doc.paths['/notes/{noteId}/flags']!.post!.requestBody).toMatchObject({ required: false });
  });

  it('spreads a query schema into one parameter per field, required only without a default', () => {
    const params = doc.paths['/notes/{noteId}']!.get!.parameters as { name: string; in: string; required: boolean }[];
    expect(params.filter((p) => p.in === 'query').map((p) => [p.name, p.required])).toEqual([
      ['limit', false],
      ['q', true],
    ]);
  });

  it('describes a response body from the contract schema named by @DocumentResponse', () => {
    expect(doc.paths['/notes/{noteId}']!.get!.responses['200']).toEqual({
      description: 'The notes.',
      content: {
        'application/json': { schema: { type: 'array', items: expect.objectContaining({ type: 'object' }) } },
      },
    });
  });

  it('marks public endpoints as needing no token and says so when an endpoint admits nobody', () => {
    expect(doc.paths['/ping']!.get!.security).toEqual([]);
    const undeclared = doc.paths['/notes/{noteId}/secret']!.get!;
    expect(undeclared).toMatchObject({ 'x-allowed-roles': [] });
    expect(undeclared.description).toMatch(/denied to everyone/);
  });

  it('declares the problems an operation can answer with, from its kind and its own @DocumentProblems', () => {
    const statuses = (op: { responses: object }) => Object.keys(op.responses);
    // A write with a path parameter and a body: state, rules, the write limit, body size and type, Temporal.
    expect(statuses(doc.paths['/notes/{noteId}']!.post!)).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '409', '413', '415', '422', '429', '503']),
    );
    // A read: no conflicts, no body.
    expect(statuses(doc.paths['/notes/{noteId}']!.get!)).not.toEqual(expect.arrayContaining(['409']));
    expect(statuses(doc.paths['/notes/{noteId}']!.get!)).not.toContain('413');
    // Public and without input: nothing but what it names itself.
    expect(statuses(doc.paths['/ping']!.get!)).toEqual(['200']);
    expect(doc.paths['/ready']!.get!.responses['503']).toEqual({
      description: expect.any(String),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
  });
});
