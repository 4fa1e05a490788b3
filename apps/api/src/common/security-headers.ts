import type { NextFunction, Request, Response } from 'express';

/** Answers that hold nothing personal and are the same for everyone, so a cache may keep them. */
const CACHEABLE = new Set(['/openapi.json']);

/**
 * Before any route, so that refusals and errors carry them as well: case data, exports and
 * problems must not stay in a browser's or a proxy's cache (a shared office PC), and no browser
 * may guess a type other than the declared one (a CSV export read as HTML would run its cells).
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (!(req.method === 'GET' && CACHEABLE.has(req.path))) res.setHeader('Cache-Control', 'no-store');
  next();
}
