import type { OpenAPIObject } from '@nestjs/swagger';
import { allowedMethods, routeTable } from './method-not-allowed';

const doc = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/cases': { get: {}, post: {} },
    '/cases/{caseId}': { get: {} },
    '/cases/{caseId}/crises/{crisisId}/lagebild.pdf': { get: {} },
    '/cases/{caseId}/legal-hold': { post: {} },
  },
} as unknown as OpenAPIObject;

describe('the methods a path has, from the OpenAPI document', () => {
  const routes = routeTable(doc);

  it('knows a path with its parameters filled in, and HEAD wherever GET is', () => {
    expect([...allowedMethods(routes, '/cases/C-1')!].sort()).toEqual(['GET', 'HEAD']);
    expect([...allowedMethods(routes, '/cases')!].sort()).toEqual(['GET', 'HEAD', 'POST']);
    expect([...allowedMethods(routes, '/cases/C-1/legal-hold/')!]).toEqual(['POST']);
  });

  it('matches like Express: case-insensitive, one segment per parameter, dots literal', () => {
    expect(allowedMethods(routes, '/CASES')).not.toBeNull();
    expect(allowedMethods(routes, '/cases/a/b')).toBeNull();
    expect(allowedMethods(routes, '/cases/a/crises/b/lagebildXpdf')).toBeNull();
    expect(allowedMethods(routes, '/nowhere')).toBeNull();
  });
});
