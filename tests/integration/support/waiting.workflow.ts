import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const stop = defineSignal('stop');

/** A workflow that waits until told to stop: something to ask for its stack trace. */
export async function waitingWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(stop, () => void (stopped = true));
  await condition(() => stopped);
}
