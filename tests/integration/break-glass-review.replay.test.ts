import { replayCommittedHistories, writeHistory } from '@hilfenetz/testing';
import { reviewDecided } from '@hilfenetz/workflow-break-glass-review/messages';
import fs from 'node:fs';
import path from 'node:path';
import { eventsOf, HOUR, startReview, startReviewRig, type ReviewRig } from './break-glass-review.rig';
import { eventually } from '@hilfenetz/testing';

/**
 * Replays the committed histories of the break-glass review's paths against today's workflow code
 * (a review waits days; a change must not make a running one take another path).
 * `RECORD_BREAK_GLASS_REVIEW_HISTORIES=1` records them anew (workflows/break-glass-review/README.md).
 */
const HISTORIES = path.resolve(__dirname, '../../workflows/break-glass-review/histories');
const RECORD = process.env.RECORD_BREAK_GLASS_REVIEW_HISTORIES === '1';

type Scenario = (rig: ReviewRig) => Promise<{ workflowId: string; runId: string }>;

const scenarios: Record<string, Scenario> = {
  async 'decided-in-time'(rig) {
    const { handle } = await startReview(rig, 72);
    await rig.env.sleep(5 * HOUR);
    await handle.signal(reviewDecided, { verdict: 'justified' });
    await handle.result();
    return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
  },
  async 'escalated-then-decided'(rig) {
    const { handle, input } = await startReview(rig, 72);
    await rig.env.sleep(73 * HOUR);
    await eventually(async () => ((await eventsOf(rig, input.caseId)).length === 2 ? true : undefined), {
      what: 'the escalation',
    });
    await handle.signal(reviewDecided, { verdict: 'unjustified' });
    await handle.result();
    return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
  },
};

describe('break-glass review workflow replay (committed histories)', () => {
  beforeAll(async () => {
    if (!RECORD) return;
    const rig = await startReviewRig();
    try {
      for (const [name, run] of Object.entries(scenarios)) {
        const { workflowId, runId } = await run(rig);
        await writeHistory(rig.env.client, workflowId, runId, path.join(HISTORIES, `${name}.json`));
      }
    } finally {
      await rig.stop();
    }
  }, 180_000);

  it('has a recorded history for every path', () => {
    const recorded = fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    expect(recorded).toEqual(expect.arrayContaining(Object.keys(scenarios).map((n) => `${n}.json`)));
  });

  it('today’s workflow code replays every recorded history without a determinism error', async () => {
    const { replayed, failures } = await replayCommittedHistories(
      HISTORIES,
      require.resolve('@hilfenetz/workflow-break-glass-review'),
    );
    expect(failures).toEqual([]);
    expect(replayed).toBeGreaterThanOrEqual(Object.keys(scenarios).length);
  });
});
