import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ProblemException } from '../common/problem-details.filter';
import { problemFromWorkflowError } from './workflow-refusals';

const refused = (code: string) =>
  new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.create({ type: code, message: `refused: ${code}` }),
  );

describe('workflow refusals as problems', () => {
  it.each([
    ['task.wrong_organisation', 403],
    ['task.not_permitted', 403],
    ['task.unknown', 404],
    ['task.not_open', 409],
    ['crisis.not_open', 409],
    ['crisis.not_admitted', 409],
    ['admission.follow_up_required', 422],
  ])('%s → %i, naming the code', (code, status) => {
    const problem = problemFromWorkflowError(refused(code), 'crisis-x') as ProblemException;
    expect(problem).toBeInstanceOf(ProblemException);
    expect(problem.getStatus()).toBe(status);
    expect(problem.errors).toEqual([{ field: 'state', reason: code }]);
    expect(problem.detail).toBe(`refused: ${code}`);
  });

  it('an unknown workflow is a 404; anything unexpected passes through untouched (and becomes a 500)', () => {
    expect(
      (
        problemFromWorkflowError(
          new WorkflowNotFoundError('gone', 'crisis-x', undefined),
          'crisis-x',
        ) as ProblemException
      ).getStatus(),
    ).toBe(404);
    const boom = new Error('connection lost');
    expect(problemFromWorkflowError(boom, 'crisis-x')).toBe(boom);
    const unknownCode = refused('something.else');
    expect(problemFromWorkflowError(unknownCode, 'crisis-x')).toBe(unknownCode);
  });
});
