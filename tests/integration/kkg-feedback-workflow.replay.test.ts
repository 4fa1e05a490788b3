import { giveKkgFeedback } from '@hilfenetz/workflow-kkg-feedback/messages';
import path from 'node:path';
import { DAY, caseworker, kkgEventsWhen, nowOf, reportConcern, startKkgFeedbackRig } from './kkg-feedback-workflow.rig';
import { describeReplay } from './support/replay-suite';
import type { TimeSkippingRig } from './support/time-skipping-rig';

/**
 * Replays the committed histories of the §4 KKG feedback's paths against today's workflow code.
 * `RECORD_KKG_FEEDBACK_HISTORIES=1` records them anew (workflows/kkg-feedback/README.md).
 */
const HISTORIES = path.resolve(__dirname, '../../workflows/kkg-feedback/histories');
const RECORD = process.env.RECORD_KKG_FEEDBACK_HISTORIES === '1';

type Scenario = (rig: TimeSkippingRig) => Promise<{ workflowId: string; runId: string }>;

const scenarios: Record<string, Scenario> = {
  async 'feedback-in-time'(rig) {
    const { handle } = await reportConcern(rig);
    await rig.env.sleep(3 * DAY);
    await handle.executeUpdate(giveKkgFeedback, {
      args: [{ riskConfirmed: true, acting: true, by: caseworker, at: await nowOf(rig) }],
    });
    await handle.result();
    return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
  },
  async 'reminded-escalated-then-answered'(rig) {
    const { handle, input } = await reportConcern(rig);
    await rig.env.sleep(18 * DAY);
    await kkgEventsWhen(rig, input.caseId, (es) => es.length >= 3, 'reminder and escalation');
    await handle.executeUpdate(giveKkgFeedback, {
      args: [{ riskConfirmed: false, acting: false, by: caseworker, at: await nowOf(rig) }],
    });
    await handle.result();
    return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
  },
};

describeReplay({
  title: '§4 KKG feedback workflow replay (committed histories)',
  histories: HISTORIES,
  workflowsPath: require.resolve('@hilfenetz/workflow-kkg-feedback'),
  record: RECORD,
  startRig: startKkgFeedbackRig,
  scenarios,
});
