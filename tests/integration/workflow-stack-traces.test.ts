import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The worker records a stack trace per workflow promise only when TEMPORAL_WORKFLOW_STACK_TRACES
 * is `on` (our patch of the SDK, patches/ and docs/adr/0045): off, the stack trace query says so;
 * on, an operator sees where a waiting workflow waits. Each case is a process of its own
 * (support/stack-trace.probe.ts): the workflow threads read the process's environment.
 */
async function stackTraceWith(setting: 'on' | 'off' | undefined): Promise<{ trace?: string; refused?: string }> {
  const env = { ...process.env };
  if (setting === undefined) delete env.TEMPORAL_WORKFLOW_STACK_TRACES;
  else env.TEMPORAL_WORKFLOW_STACK_TRACES = setting;
  const { stdout } = await run(
    process.execPath,
    ['-r', '@swc-node/register', path.join(__dirname, 'support', 'stack-trace.probe.ts')],
    { cwd: ROOT, env, timeout: 120_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { trace?: string; refused?: string };
}

describe('workflow stack traces (TEMPORAL_WORKFLOW_STACK_TRACES)', () => {
  it('are off unless asked for: the query tells the operator so', async () => {
    for (const setting of [undefined, 'off'] as const) {
      const answer = await stackTraceWith(setting);
      expect(answer.trace).toBeUndefined();
      expect(answer.refused).toMatch(/Workflow stack traces are not enabled on this worker/);
    }
  });

  it('on, show where the workflow waits', async () => {
    const answer = await stackTraceWith('on');
    expect(answer.refused).toBeUndefined();
    expect(answer.trace).toContain('waitingWorkflow');
  });
});
