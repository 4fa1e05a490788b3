import {
  consultSpecialist,
  decideRiskAssessment,
  recordRiskAssessmentReview,
} from '@hilfenetz/workflow-risk-assessment/messages';
import path from 'node:path';
import type { TimeSkippingRig } from './support/time-skipping-rig';
import { describeReplay } from './support/replay-suite';
import {
  DAY,
  HOUR,
  assessJointly,
  eventsWhen,
  involveFamily,
  nowOf,
  people,
  plusMs,
  sealed,
  startAssessment,
  startRiskAssessmentRig,
} from './risk-assessment-workflow.rig';

/**
 * Replays the committed histories of the §8a risk assessment's paths against today's workflow
 * code (an assessment waits days to months for its review; a change must not make a running one
 * take another path). `RECORD_RISK_ASSESSMENT_HISTORIES=1` records them anew
 * (workflows/risk-assessment/README.md).
 */
const HISTORIES = path.resolve(__dirname, '../../workflows/risk-assessment/histories');
const RECORD = process.env.RECORD_RISK_ASSESSMENT_HISTORIES === '1';

type Scenario = (rig: TimeSkippingRig) => Promise<{ workflowId: string; runId: string }>;

const scenarios: Record<string, Scenario> = {
  async 'protective-steps-in-time-then-reviewed'(rig) {
    const { handle } = await startAssessment(rig);
    await rig.env.sleep(HOUR);
    await assessJointly(rig, handle);
    await involveFamily(rig, handle);
    const at = await nowOf(rig);
    await handle.executeUpdate(decideRiskAssessment, {
      args: [
        {
          outcome: 'protective_steps',
          reason: sealed(),
          protectiveSteps: [{ stepId: 's1', action: sealed(), responsible: 'Träger Birkenhof', dueBy: '2027-01-15' }],
          reviewAt: plusMs(at, 20 * DAY),
          by: people.caseworker,
          at,
        },
      ],
    });
    await rig.env.sleep(20 * DAY + HOUR);
    await handle.executeUpdate(recordRiskAssessmentReview, {
      args: [{ note: sealed(), by: people.caseworker, at: await nowOf(rig) }],
    });
    await handle.result();
    return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
  },
  async 'nothing-done-escalated-then-inobhutnahme'(rig) {
    const { handle, input } = await startAssessment(rig, 'provider');
    await rig.env.sleep(16 * DAY);
    await eventsWhen(
      rig,
      input.caseId,
      (es) => es.filter((e) => e.type === 'RiskAssessmentEscalated').length >= 4,
      'four escalations',
    );
    await assessJointly(rig, handle, [people.provider, { ...people.provider, id: 'u-tr-0002' }]);
    const at = await nowOf(rig);
    await handle.executeUpdate(consultSpecialist, {
      args: [
        {
          specialistName: sealed(),
          specialistOrganisation: 'Kinderschutzzentrum Lindenau',
          consultedAt: at,
          by: people.provider,
          at,
        },
      ],
    });
    await handle.executeUpdate(decideRiskAssessment, {
      args: [{ outcome: 'inobhutnahme', reason: sealed(), by: people.caseworker, at }],
    });
    await rig.env.sleep(92 * DAY);
    await handle.executeUpdate(recordRiskAssessmentReview, {
      args: [{ note: sealed(), by: people.caseworker, at: await nowOf(rig) }],
    });
    await handle.result();
    return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
  },
};

describeReplay({
  title: 'risk-assessment workflow replay (committed histories)',
  histories: HISTORIES,
  workflowsPath: require.resolve('@hilfenetz/workflow-risk-assessment'),
  record: RECORD,
  startRig: startRiskAssessmentRig,
  scenarios,
});
