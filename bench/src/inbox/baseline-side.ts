import { randomUUID } from 'node:crypto';
import { BASELINE_TASKS, type BaselineRow, type RawPath } from './baseline';
import { keepOpen, readSse } from './sse-client';
import { Recorder, type Side, type Log } from './inbox-side';

/** The baseline: the raw path's SSE endpoint, one connection per organisation, the row in the message. */
export async function baselineSide(raw: RawPath, stop: AbortSignal, log: Log): Promise<Side> {
  let recorder: Recorder | null = null;
  const orgs = [...new Set(BASELINE_TASKS.map((t) => t.organisationId))];
  const ready: Promise<void>[] = [];
  for (const org of orgs) {
    let markReady: () => void = () => undefined;
    ready.push(new Promise((r) => (markReady = r)));
    void keepOpen(
      (signal) =>
        readSse(
          `${raw.sseUrl}?org=${encodeURIComponent(org)}`,
          {},
          (m) => {
            if (m.event === 'ready') markReady();
            if (m.event !== 'task') return;
            const row = JSON.parse(m.data) as BaselineRow;
            recorder?.saw(row.trigger_id, row.task_id, m.at, m.at);
          },
          signal,
        ),
      stop,
      (err) => log(`baseline stream of ${org} broke (${String(err)})`),
    );
  }
  await Promise.all(ready);
  return {
    name: 'baseline',
    prepare: async (n) => Array.from({ length: n }, () => randomUUID()),
    async fire(id) {
      try {
        await raw.trigger(id);
        return 201;
      } catch (err) {
        log(`baseline trigger: ${String(err)}`);
        return 0;
      }
    },
    attach(r) {
      recorder = r;
    },
    settle: async () => undefined,
  };
}
