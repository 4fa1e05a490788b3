import { describeReplay } from './support/replay-suite';
import {
  endHelp,
  recordPlan,
  requestReview,
  scheduleMeeting,
  submitStatement,
} from '@hilfenetz/workflow-hilfeplanung/messages';
import type { WorkflowHandle } from '@temporalio/client';
import path from 'node:path';
import {
  DAY,
  nowOf,
  people,
  planningEventsWhen,
  plusMs,
  sealed,
  startPlanning,
  startPlanningRig,
  type PlanningRig,
} from './hilfeplanung-workflow.rig';
import type { SealedValue } from '@hilfenetz/contracts';

/** Free text as the API hands it on: sealed (docs/adr/0018); a stand-in ciphertext here. */
const sealedText = (label: string): SealedValue => ({
  $sealed: 'A256GCM',
  subjectId: 'subj-test',
  iv: 'aXY=',
  tag: 'dGFn',
  ct: Buffer.from(label).toString('base64'),
});

/**
 * Replays the committed histories of the Hilfeplanung's main paths against today's workflow code:
 * a change that would make a running planning (they run for years) take a different path fails
 * here. `RECORD_HILFEPLANUNG_HISTORIES=1` records them anew (workflows/hilfeplanung/README.md).
 * The scenarios run on registered cases, so their histories hold the messages' activities (patch
 * `hilfeplanung-messages-sent`); `*.before-messages.json` are the same paths recorded before it.
 */
const HISTORIES = path.resolve(__dirname, '../../workflows/hilfeplanung/histories');
const RECORD = process.env.RECORD_HILFEPLANUNG_HISTORIES === '1';

/** Each scenario returns the workflow id and run id of a run that has ended (completed or continued). */
type Scenario = (rig: PlanningRig) => Promise<{ workflowId: string; runId: string }>;

async function holdMeeting(rig: PlanningRig, handle: WorkflowHandle) {
  const now = await nowOf(rig);
  await handle.executeUpdate(scheduleMeeting, {
    args: [{ meetingAt: plusMs(now, 5 * DAY), by: people.caseworker, at: now }],
  });
  await rig.env.sleep(5 * DAY);
  const heldAt = await nowOf(rig);
  await handle.executeUpdate(recordPlan, {
    args: [
      {
        heldAt,
        participants: ['young_person', 'guardian', 'provider', 'clinic', 'youth_office'],
        youngPersonView: sealed(),
        goals: [{ goalId: 'g1', text: sealed() }],
        measures: [
          { measureId: 'm1', goalId: 'g1', description: sealed(), responsibleParty: 'provider', dueBy: '2027-12-31' },
        ],
        by: people.caseworker,
        at: heldAt,
      },
    ],
  });
}

const scenarios: Record<string, Scenario> = {
  async 'statements-meeting-plan-scheduled-review-ended'(rig) {
    const { handle, input } = await startPlanning(rig, { registered: true });
    await handle.executeUpdate(submitStatement, {
      args: [{ party: 'clinic', content: sealed(), by: people.clinic, at: input.startedAt }],
    });
    await holdMeeting(rig, handle);
    await rig.env.sleep(190 * DAY);
    await planningEventsWhen(
      rig,
      input.caseId,
      (es) => es.filter((e) => e.type === 'HilfeplanungStarted').length === 2,
      'cycle 2',
    );
    await handle.executeUpdate(endHelp, {
      args: [{ reason: 'goals_reached', by: people.caseworker, at: await nowOf(rig) }],
    });
    await handle.result();
    return { workflowId: input.planningId, runId: (await handle.describe()).runId };
  },

  async 'never-scheduled-escalated-then-ended'(rig) {
    const { handle, input } = await startPlanning(rig, { registered: true });
    await rig.env.sleep(20 * DAY);
    await planningEventsWhen(rig, input.caseId, (es) => es.some((e) => e.type === 'SchedulingOverdue'), 'escalation');
    await handle.executeUpdate(endHelp, {
      args: [
        {
          reason: 'moved_away',
          note: sealedText('Umzug in anderen Landkreis'),
          by: people.caseworker,
          at: await nowOf(rig),
        },
      ],
    });
    await handle.result();
    return { workflowId: input.planningId, runId: (await handle.describe()).runId };
  },

  async 'early-review-continues-as-new'(rig) {
    const { handle, input } = await startPlanning(rig, { rules: { cyclesPerRun: 1 }, registered: true });
    const firstRun = (await handle.describe()).runId;
    await holdMeeting(rig, handle);
    await handle.signal(requestReview, {
      requestedBy: 'young_person',
      reason: sealedText('Ich will früher reden'),
      by: people.caseworker,
      at: await nowOf(rig),
    });
    await planningEventsWhen(
      rig,
      input.caseId,
      (es) => es.filter((e) => e.type === 'HilfeplanungStarted').length === 2,
      'cycle 2',
    );
    return { workflowId: input.planningId, runId: firstRun };
  },
};

describeReplay({
  title: 'Hilfeplanung workflow replay (committed histories)',
  histories: HISTORIES,
  workflowsPath: require.resolve('@hilfenetz/workflow-hilfeplanung'),
  record: RECORD,
  startRig: startPlanningRig,
  scenarios,
});
