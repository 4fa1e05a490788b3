import { condition, defineSignal, setHandler } from '@temporalio/workflow';

/** Where the workflow is to loop forever once told: in a signal handler, or in a condition it waits on. */
export type LoopWhere = 'signal handler' | 'condition';

export const loop = defineSignal<[LoopWhere]>('loop');
export const stop = defineSignal('stop');

/**
 * A workflow that waits, and on `loop` runs into an endless synchronous loop: the bug the worker's
 * deadlock detection exists for (docs/adr/0054). Both places run synchronously in a call into the
 * sandbox: the handler in the call that delivers the signal, the condition in the one that
 * unblocks conditions after it. (Code after an `await` runs as a microtask instead; a loop there
 * aborts the worker process on Node 20 with or without our patch, see the ADR.)
 * `stop` ends a workflow that was not told to loop.
 */
export async function loopingWorkflow(): Promise<void> {
  let where: LoopWhere | undefined;
  let stopped = false;
  setHandler(loop, (w) => {
    if (w === 'signal handler') {
      for (;;) {
        /* never ends */
      }
    }
    where = w;
  });
  setHandler(stop, () => void (stopped = true));
  await condition(() => {
    if (where === 'condition') {
      for (;;) {
        /* never ends */
      }
    }
    return stopped;
  });
}
