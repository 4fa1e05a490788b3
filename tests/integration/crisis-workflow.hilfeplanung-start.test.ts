import { hilfeplanungIdFor, hilfeplanungWorkflowType, type HilfeplanungWorkflowInput } from '@hilfenetz/contracts';
import { defaultHilfeplanungRules, lindenauHilfeplanungRules } from '@hilfenetz/domain';
import { acknowledgeTask, announceDischarge, decideAdmission } from '@hilfenetz/workflow-crisis/messages';
import { defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import {
  actors,
  allNotified,
  patientInboxes,
  startCrisis,
  startCrisisRig,
  type CrisisRig,
} from './crisis-workflow.rig';

const now = async (rig: CrisisRig) => new Date(await rig.env.currentTimeMs()).toISOString();

/** The input the planning's run was started with (the rig's client converts no encryption). */
async function startInput(rig: CrisisRig, planningId: string): Promise<HilfeplanungWorkflowInput> {
  const history = await rig.env.client.workflow.getHandle(planningId).fetchHistory();
  const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
  expect(started.workflowType?.name).toBe(hilfeplanungWorkflowType);
  return defaultPayloadConverter.fromPayload(started.input!.payloads![0]!);
}

async function admitted(rig: CrisisRig, handle: WorkflowHandle): Promise<void> {
  await allNotified(handle);
  await handle.executeUpdate(acknowledgeTask, {
    args: [{ taskId: 'task-clinic', by: actors.clinic, at: await now(rig) }],
  });
  await handle.executeUpdate(decideAdmission, {
    args: [{ decision: 'admitted_voluntary', by: actors.clinic, at: await now(rig) }],
  });
}

/** docs/adr/0013: at discharge the crisis starts the case's Hilfeplanung itself (signal-with-start). */
describe('crisis workflow: the Hilfeplanung starts at discharge', () => {
  let rig: CrisisRig;
  beforeAll(async () => {
    rig = await startCrisisRig({ realHilfeplanungStart: true });
  });
  afterAll(() => rig?.stop());

  it('starts hilfeplanung-<caseId> with the discharge as origin before the clinic gets its answer', async () => {
    const { handle, input } = await startCrisis(rig);
    await admitted(rig, handle);
    const plannedFor = '2026-12-10T08:00:00.000Z';
    const at = await now(rig);
    await handle.executeUpdate(announceDischarge, { args: [{ plannedFor, by: actors.clinic, at }] });

    const planningId = hilfeplanungIdFor(input.caseId);
    const described = await rig.env.client.workflow.getHandle(planningId).describe();
    expect(described.status.name).toBe('RUNNING');
    expect(await startInput(rig, planningId)).toEqual({
      planningId,
      caseId: input.caseId,
      origin: { kind: 'discharge', crisisId: input.crisisId, dischargedAt: plannedFor },
      rules: lindenauHilfeplanungRules,
      startedBy: actors.clinic,
      startedAt: at,
      correlationId: input.correlationId,
    });
    expect(await handle.result()).toEqual({ crisisId: input.crisisId, outcome: 'discharged' });
    // Nobody polls the planning's queue: its pending first task would stop time skipping.
    await rig.env.client.workflow.getHandle(planningId).terminate('test done');
  });

  it('the planning runs on the clocks of the agreement the crisis ran under, not the demo district’s', async () => {
    const own = { scheduleMeetingWithinDays: 7, statementDueDays: 5, reviewIntervalMonths: 3 };
    const { handle, input } = await startCrisis(rig, {
      agreementVersion: { ...patientInboxes, hilfeplanung: own },
    });
    await admitted(rig, handle);
    await handle.executeUpdate(announceDischarge, {
      args: [{ plannedFor: await now(rig), by: actors.clinic, at: await now(rig) }],
    });
    expect(await handle.result()).toEqual({ crisisId: input.crisisId, outcome: 'discharged' });
    const planningId = hilfeplanungIdFor(input.caseId);
    expect((await startInput(rig, planningId)).rules).toEqual({ ...defaultHilfeplanungRules, ...own });
    await rig.env.client.workflow.getHandle(planningId).terminate('test done');
  });

  it('a planning already running (started by hand) is left as it is', async () => {
    const { handle, input } = await startCrisis(rig);
    const planningId = hilfeplanungIdFor(input.caseId);
    const byHand = await rig.env.client.workflow.start(hilfeplanungWorkflowType, {
      taskQueue: `${rig.taskQueue}-hilfeplanung`,
      workflowId: planningId,
      args: [{ planningId, caseId: input.caseId, origin: { kind: 'manual' } }],
    });
    await admitted(rig, handle);
    await handle.executeUpdate(announceDischarge, {
      args: [{ plannedFor: await now(rig), by: actors.clinic, at: await now(rig) }],
    });
    expect(await handle.result()).toEqual({ crisisId: input.crisisId, outcome: 'discharged' });
    const described = await rig.env.client.workflow.getHandle(planningId).describe();
    expect(described.runId).toBe(byHand.firstExecutionRunId);
    expect((await startInput(rig, planningId)).origin).toEqual({ kind: 'manual' });
    await byHand.terminate('test done');
  });
});
