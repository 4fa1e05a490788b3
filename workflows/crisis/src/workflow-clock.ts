import { condition } from '@temporalio/workflow';

/** Waits until something holds or a point in workflow time passes, like `condition(fn, timeout)`. */
export type WaitUntil = (atMs: number, until: () => boolean) => Promise<boolean>;

/** `condition(fn, timeout)` as it always was: one durable timer per wait. */
export const timerPerWait: WaitUntil = (atMs, until) => condition(until, Math.max(1, atMs - Date.now()));

/**
 * Every wait of a workflow on one durable timer, set for the earliest of them (patch
 * `one-timer-for-all-waits`). A crisis waits on ten things with a clock at once — each task's
 * deadline and each contact's delivery window — and as a timer each cost the engine a start, a
 * cancel or a fire in the history and its timer queue, and the worker a state machine for as long
 * as the crisis runs (bench:crisis: memory per open crisis twice a raw workflow's, a heaptrack
 * profile put it in the SDK core's per-run machines). The timer moves when an earlier wait comes
 * or the earliest one ends; when it fires, every wait whose time has come ends at once.
 * Deterministic: it reads only the workflow's own clock and the order the waits came in.
 */
export function sharedTimer(): WaitUntil {
  const waits = new Set<{ atMs: number; passed: boolean }>();
  let running = false;
  const earliest = () => {
    let at = Infinity;
    for (const w of waits) at = Math.min(at, w.atMs);
    return at;
  };

  async function run(): Promise<void> {
    running = true;
    while (waits.size > 0) {
      const at = earliest();
      const now = Date.now();
      if (at <= now) {
        for (const w of waits) {
          if (w.atMs <= now) {
            w.passed = true;
            waits.delete(w);
          }
        }
        continue;
      }
      // Woken early when the earliest wait changes (an earlier one came, or it ended): the timer
      // is cancelled and set again for the new earliest; otherwise it fires at `at`.
      await condition(() => earliest() !== at, at - now);
    }
    running = false;
  }

  return async (atMs, until) => {
    if (until()) return true;
    const wait = { atMs, passed: false };
    waits.add(wait);
    if (!running) void run();
    await condition(() => wait.passed || until());
    waits.delete(wait);
    return !wait.passed;
  };
}
