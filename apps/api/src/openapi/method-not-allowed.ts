import type { NextFunction, Request, Response } from 'express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ProblemException } from '../common/problem-details.filter';

interface Route {
  pattern: RegExp;
  methods: Set<string>;
}

/** The document's paths as Express matches them: `{param}` is one segment, case-insensitive, trailing slash optional. */
export function routeTable(doc: OpenAPIObject): Route[] {
  return Object.entries(doc.paths).map(([template, item]) => {
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('');
    const methods = new Set(Object.keys(item).map((m) => m.toUpperCase()));
    // Express answers HEAD with the GET route.
    if (methods.has('GET')) methods.add('HEAD');
    return { pattern: new RegExp(`^${source}/?$`, 'i'), methods };
  });
}

/** The methods a path has in the document, or null for a path it does not know (then 404 stays). */
export function allowedMethods(routes: Route[], path: string): Set<string> | null {
  const matching = routes.filter((r) => r.pattern.test(path));
  if (matching.length === 0) return null;
  return new Set(matching.flatMap((r) => [...r.methods]));
}

/**
 * A known path called with a method it does not have is 405 problem+json with `Allow` (RFC 9110
 * 15.5.6), not the router's 404 that says the resource does not exist. Reads the routes from the
 * OpenAPI document, which createApi builds from the app's own route table after this is mounted.
 */
export function methodNotAllowed(document: () => OpenAPIObject | null) {
  let routes: Route[] | null = null;
  return (req: Request, res: Response, next: NextFunction): void => {
    const doc = document();
    if (!doc) return next();
    routes ??= routeTable(doc);
    const allowed = allowedMethods(routes, req.path);
    if (!allowed || allowed.has(req.method.toUpperCase())) return next();
    const allow = [...allowed].sort().join(', ');
    res.setHeader('Allow', allow);
    next(new ProblemException(405, 'Method Not Allowed', `${req.method} is not allowed here; allowed: ${allow}.`));
  };
}
