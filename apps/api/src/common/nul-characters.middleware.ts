import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from './problem-details.filter';

/** The path of the first string (value or key) holding U+0000, as `body.a.0.b`; null when none. */
export function firstNulPath(value: unknown, path = 'body'): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`;
    if (key.includes('\u0000')) return childPath;
    const found = firstNulPath(child, childPath);
    if (found) return found;
  }
  return null;
}

/**
 * Postgres cannot store U+0000 in text or jsonb. A request carrying one in a field that reaches an
 * event in clear made the recording activity fail, and Temporal retry it without end: the crisis
 * or assessment hung and its next steps answered 503 (found by the fuzzer, issue 20). Refused
 * here, for every route at once, before anything reaches Temporal or the database.
 */
export function refuseNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  const path = firstNulPath(req.body);
  if (path === null) return next();
  next(
    new ProblemException(400, 'Bad Request', 'The request holds a NUL character (U+0000), which cannot be stored.', [
      { field: path, reason: 'contains a NUL character (U+0000)' },
    ]),
  );
}
