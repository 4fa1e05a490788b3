import express, { type NextFunction, type Request, type Response } from 'express';
import { ProblemException } from './problem-details.filter';

/** Crisis requests are a few fields; anything large is a mistake or an attack. */
export const MAX_JSON_BODY = '32kb';

/** A request whose exact body bytes were kept: signed webhooks (gateway receipts) verify them. */
export type RawBodyRequest = Request & { rawBody?: Buffer };

export const jsonBodyParser = express.json({
  limit: MAX_JSON_BODY,
  strict: true,
  // Only the signed receipt needs the raw bytes; other requests do not keep a second copy.
  verify: (req, _res, buf) => {
    if (req.url?.startsWith('/notifications/')) (req as RawBodyRequest).rawBody = Buffer.from(buf);
  },
});

/**
 * Turns body-parser failures into problems naming the body, before Nest's generic mapping loses
 * the kind of failure.
 */
export function bodyParserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const e = err as { type?: string } | undefined;
  if (e?.type === 'entity.parse.failed') {
    next(
      new ProblemException(400, 'Malformed JSON', 'The request body is not valid JSON.', [
        { field: 'body', reason: 'not valid JSON' },
      ]),
    );
  } else if (e?.type === 'entity.too.large') {
    next(
      new ProblemException(413, 'Payload Too Large', `The request body exceeds ${MAX_JSON_BODY}.`, [
        { field: 'body', reason: 'too large' },
      ]),
    );
  } else if (e?.type === 'request.aborted' || e?.type === 'request.size.invalid') {
    // The client hung up mid-body (or sent fewer bytes than announced): its fault, not ours. As a
    // 500 it showed up as a server error during the cluster's API rolls.
    next(
      new ProblemException(400, 'Incomplete body', 'The request body ended before its announced length.', [
        { field: 'body', reason: 'incomplete' },
      ]),
    );
  } else if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    next(
      new ProblemException(415, 'Unsupported Media Type', 'Send the body as UTF-8 JSON.', [
        { field: 'body', reason: 'unsupported encoding' },
      ]),
    );
  } else {
    next(err);
  }
}
