import { describeReplay } from './support/replay-suite';
import { reviewDecided } from '@hilfenetz/workflow-break-glass-review/messages';
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

describeReplay({
  title: 'break-glass review workflow replay (committed histories)',
  histories: HISTORIES,
  workflowsPath: require.resolve('@hilfenetz/workflow-break-glass-review'),
  record: RECORD,
  startRig: startReviewRig,
  scenarios,
});
