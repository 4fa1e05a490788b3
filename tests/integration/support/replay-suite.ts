import { replayCommittedHistories, writeHistory } from '@hilfenetz/testing';
import type { DataConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fs from 'node:fs';
import path from 'node:path';

/** A run a scenario left behind, whose history is recorded. Without `runId`: the latest run. */
export interface RecordedRun {
  workflowId: string;
  runId?: string;
}

export interface ReplaySuite<R extends { env: TestWorkflowEnvironment; stop(): Promise<void> }> {
  title: string;
  /** The committed histories (`workflows/<name>/histories`). */
  histories: string;
  workflowsPath: string;
  /** Set by the workflow's recording variable (see workflows/crisis/scripts/record-histories.mjs). */
  record: boolean;
  startRig: () => Promise<R>;
  /** One per path a running workflow may be on; each is recorded as `<name>.json`. */
  scenarios: Record<string, (rig: R) => Promise<RecordedRun>>;
  recordTimeoutMs?: number;
  /** Histories recorded with encrypted payloads replay through this converter. */
  dataConverter?: DataConverter;
}

/**
 * Replays a workflow's committed histories against today's workflow code: a change that would make
 * a running workflow take a different path (non-determinism) fails here, before it reaches a worker
 * with live workflows. With `record`, the scenarios run first on the time-skipping server and their
 * histories are written anew — only for a deliberately versioned change.
 */
export function describeReplay<R extends { env: TestWorkflowEnvironment; stop(): Promise<void> }>(
  suite: ReplaySuite<R>,
): void {
  describe(suite.title, () => {
    beforeAll(async () => {
      if (!suite.record) return;
      const rig = await suite.startRig();
      try {
        for (const [name, run] of Object.entries(suite.scenarios)) {
          const { workflowId, runId } = await run(rig);
          await writeHistory(rig.env.client, workflowId, runId, path.join(suite.histories, `${name}.json`));
        }
      } finally {
        await rig.stop();
      }
    }, suite.recordTimeoutMs ?? 180_000);

    it('has a recorded history for every path', () => {
      const recorded = fs.readdirSync(suite.histories).filter((f) => f.endsWith('.json'));
      // Older recordings (kept while workflows started before a patched change may still run) are
      // replayed as well; every current path must be among them.
      expect(recorded).toEqual(expect.arrayContaining(Object.keys(suite.scenarios).map((n) => `${n}.json`)));
    });

    it('today’s workflow code replays every recorded history without a determinism error', async () => {
      const { replayed, failures } = await replayCommittedHistories(
        suite.histories,
        suite.workflowsPath,
        suite.dataConverter,
      );
      expect(failures).toEqual([]);
      expect(replayed).toBeGreaterThanOrEqual(Object.keys(suite.scenarios).length);
    });
  });
}
