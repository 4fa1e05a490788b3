import { ServiceError, type WorkflowStartUpdateInput, type WorkflowStartUpdateOutput } from '@temporalio/client';
import { UpdateRetryInterceptor } from './update-retry.interceptor';

const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
const taskFailed = () =>
  new ServiceError('Workflow Update failed', {
    cause: grpcError(9, 'Unable to perform workflow execution update due to unexpected workflow task failure.'),
  });

const input: WorkflowStartUpdateInput = {
  updateName: 'cancelCrisis',
  args: [{ reason: 'Fehlalarm' }],
  workflowExecution: { workflowId: 'crisis-x' },
  headers: {},
  options: { waitForStage: 'COMPLETED' } as unknown as WorkflowStartUpdateInput['options'],
};
const output: WorkflowStartUpdateOutput = { updateId: 'u', workflowRunId: 'r', outcome: undefined };

describe('UpdateRetryInterceptor: an Update aborted by a failed workflow task is sent again', () => {
  it('repeats it with one Update id, so Temporal applies it at most once', async () => {
    const sent: WorkflowStartUpdateInput[] = [];
    const next = jest.fn(async (i: WorkflowStartUpdateInput) => {
      sent.push(i);
      if (sent.length < 3) throw taskFailed();
      return output;
    });
    const pauses: number[] = [];
    const retrying = new UpdateRetryInterceptor(async (ms) => void pauses.push(ms));

    await expect(retrying.startUpdate(input, next)).resolves.toBe(output);
    expect(sent).toHaveLength(3);
    const ids = sent.map((i) => i.options.updateId);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(1);
    expect(pauses).toEqual([150, 400]);
  });

  it('keeps an Update id the caller chose (an Idempotency-Key)', async () => {
    const next = jest.fn(async (i: WorkflowStartUpdateInput) => {
      if (next.mock.calls.length === 1) throw taskFailed();
      return { ...output, updateId: i.options.updateId! };
    });
    const keyed = { ...input, options: { ...input.options, updateId: 'idem-abc' } };
    const out = await new UpdateRetryInterceptor(async () => undefined).startUpdate(keyed, next);
    expect(out.updateId).toBe('idem-abc');
    expect(next.mock.calls.map(([i]) => i.options.updateId)).toEqual(['idem-abc', 'idem-abc']);
  });

  it('gives up after three attempts, and does not repeat any other error', async () => {
    const always = jest.fn(async () => Promise.reject(taskFailed()));
    await expect(new UpdateRetryInterceptor(async () => undefined).startUpdate(input, always)).rejects.toThrow(
      'Workflow Update failed',
    );
    expect(always).toHaveBeenCalledTimes(3);

    const refused = new ServiceError('Workflow Update failed', { cause: grpcError(9, 'workflow already completed') });
    const other = jest.fn(async () => Promise.reject(refused));
    await expect(new UpdateRetryInterceptor(async () => undefined).startUpdate(input, other)).rejects.toBe(refused);
    expect(other).toHaveBeenCalledTimes(1);
  });
});
