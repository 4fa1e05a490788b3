import { ApplicationError, type RecordPlanRequest } from '@hilfenetz/contracts';

/** A plan to record must review in the future and tie each measure to one of its goals (422 otherwise). */
export function checkPlanRequest(body: RecordPlanRequest, now: string): void {
  if (body.nextReviewAt && Date.parse(body.nextReviewAt) <= Date.parse(now)) {
    throw new ApplicationError('request.invalid', 'The next review must lie in the future.', [
      { field: 'body.nextReviewAt', reason: 'in the past' },
    ]);
  }
  const badGoal = body.measures.findIndex((m) => m.goal >= body.goals.length);
  if (badGoal >= 0) {
    throw new ApplicationError('request.invalid', 'A measure names a goal that does not exist.', [
      { field: `body.measures.${badGoal}.goal`, reason: 'no such goal' },
    ]);
  }
}
