import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationError } from '@hilfenetz/contracts';
import { problemKindOf } from '../common/problems';
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
    const problem = problemFromWorkflowError(refused(code), 'crisis-x') as ApplicationError;
    expect(problem).toBeInstanceOf(ApplicationError);
    expect(problem.code).toBe(code);
    expect(problemKindOf(problem.code).status).toBe(status);
    expect(problem.errors).toEqual([{ field: 'state', reason: code }]);
    expect(problem.detail).toBe(`refused: ${code}`);
  });

  it('an unknown workflow is a 404; anything unexpected passes through untouched (and becomes a 500)', () => {
    const gone = problemFromWorkflowError(new WorkflowNotFoundError('gone', 'crisis-x', undefined), 'crisis-x');
    expect(problemKindOf((gone as ApplicationError).code)).toEqual({ status: 404, title: 'Crisis not found' });
    const boom = new Error('connection lost');
    expect(problemFromWorkflowError(boom, 'crisis-x')).toBe(boom);
    const unknownCode = refused('something.else');
    expect(problemFromWorkflowError(unknownCode, 'crisis-x')).toBe(unknownCode);
  });
});
