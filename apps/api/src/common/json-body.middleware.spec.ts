import type { NextFunction, Request, Response } from 'express';
import { bodyParserErrors } from './json-body.middleware';
import { ProblemException } from './problem-details.filter';

/** What body-parser (raw-body) raises, as its error `type`s name it. */
const passed = (type: string): unknown => {
  let got: unknown;
  bodyParserErrors(
    Object.assign(new Error(type), { type }),
    {} as Request,
    {} as Response,
    ((e: unknown) => {
      got = e;
    }) as NextFunction,
  );
  return got;
};

describe('bodyParserErrors', () => {
  it.each([
    ['entity.parse.failed', 400],
    ['entity.too.large', 413],
    ['request.aborted', 400],
    ['request.size.invalid', 400],
    ['encoding.unsupported', 415],
  ])('turns %s into a %i problem naming the body', (type, status) => {
    const problem = passed(type);
    expect(problem).toBeInstanceOf(ProblemException);
    expect((problem as ProblemException).getStatus()).toBe(status);
    expect((problem as ProblemException).errors[0]?.field).toBe('body');
  });

  it('passes anything else on unchanged', () => {
    const other = new Error('something else');
    let got: unknown;
    bodyParserErrors(other, {} as Request, {} as Response, ((e: unknown) => (got = e)) as NextFunction);
    expect(got).toBe(other);
  });
});
