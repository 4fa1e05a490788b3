import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import {
  acknowledgeTask,
  announceDischarge,
  cancelCrisis,
  decideAdmission,
  declineTask,
} from '@hilfenetz/workflow-crisis/src/messages';
import fs from 'node:fs';
import path from 'node:path';
import { actors, allNotified, startCrisis, startCrisisRig, type CrisisRig } from './crisis-workflow.rig';

/**
 * Replays the committed histories of the crisis workflow's main paths against today's workflow
 * code: a change that would make a running crisis take a different path (non-determinism) fails
 * here, before it reaches a worker with live crises. `RECORD_CRISIS_HISTORIES=1` records them
 * anew (see workflows/crisis/README.md); only do that for a deliberately versioned change.
 */
const HISTORIES = path.resolve(__dirname, '../../workflows/crisis/histories');
const RECORD = process.env.RECORD_CRISIS_HISTORIES === '1';

type Scenario = (rig: CrisisRig) => Promise<string>;

const at = async (rig: CrisisRig) => new Date(await rig.env.currentTimeMs()).toISOString();

/** The main paths: each returns the id of a workflow that has run to its end. */
const scenarios: Record<string, Scenario> = {
  async 'admitted-with-deprivation-of-liberty-then-discharged'(rig) {
    const { handle, input } = await startCrisis(rig);
    await allNotified(handle);
    await rig.env.sleep('4 minutes');
    await handle.executeUpdate(acknowledgeTask, {
      args: [{ taskId: 'task-clinic', by: actors.clinic, at: await at(rig) }],
    });
    await handle.executeUpdate(acknowledgeTask, {
      args: [{ taskId: 'task-clinic', by: actors.clinic, at: await at(rig) }],
    });
    await handle.executeUpdate(acknowledgeTask, {
      args: [{ taskId: 'task-youth_office', by: actors.caseworker, at: await at(rig) }],
    });
    await handle.executeUpdate(decideAdmission, {
      args: [{ decision: 'admitted_deprivation_of_liberty', by: actors.clinic, at: await at(rig) }],
    });
    await rig.env.sleep('3 hours');
    await handle.executeUpdate(acknowledgeTask, {
      args: [{ taskId: 'task-family_court', by: actors.caseworker, at: await at(rig) }],
    });
    await rig.env.sleep('10 days');
    await handle.executeUpdate(announceDischarge, {
      args: [
        {
          plannedFor: new Date((await rig.env.currentTimeMs()) + 2 * 86_400_000).toISOString(),
          by: actors.clinic,
          at: await at(rig),
        },
      ],
    });
    await handle.result();
    return input.crisisId;
  },

  async 'nobody-answers-then-false-alarm'(rig) {
    const { handle, input } = await startCrisis(rig);
    await allNotified(handle);
    await rig.env.sleep('5 hours');
    await handle.executeUpdate(cancelCrisis, {
      args: [
        {
          reason: 'Fehlalarm: Jugendliche wohlauf angetroffen',
          cancelledBy: actors.caseworker,
          cancelledAt: await at(rig),
        },
      ],
    });
    await handle.result();
    return input.crisisId;
  },

  async 'clinic-declines-next-clinic-does-not-admit'(rig) {
    const { handle, input } = await startCrisis(rig);
    await allNotified(handle);
    await handle.executeUpdate(declineTask, {
      args: [{ taskId: 'task-clinic', by: actors.clinic, reason: 'Keine Aufnahmekapazität', at: await at(rig) }],
    });
    await rig.env.sleep('10 minutes');
    await handle.executeUpdate(decideAdmission, {
      args: [
        { decision: 'not_admitted', followUp: 'outpatient_appointment', by: actors.otherClinic, at: await at(rig) },
      ],
    });
    await handle.result();
    return input.crisisId;
  },
};

describe('crisis workflow replay (committed histories)', () => {
  beforeAll(async () => {
    if (!RECORD) return;
    const rig = await startCrisisRig();
    try {
      fs.mkdirSync(HISTORIES, { recursive: true });
      for (const [name, run] of Object.entries(scenarios)) {
        const workflowId = await run(rig);
        const history = await rig.env.client.workflow.getHandle(workflowId).fetchHistory();
        // protobuf's own JSON mapping (enums and 64-bit numbers as strings): stable and diffable.
        const json = temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, {
          longs: String,
          enums: String,
          bytes: String,
        });
        fs.writeFileSync(path.join(HISTORIES, `${name}.json`), JSON.stringify(json, null, 1) + '\n');
      }
    } finally {
      await rig.stop();
    }
  }, 120_000);

  it('has a recorded history for every main path', () => {
    const recorded = fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    // Older recordings (kept while crises started before a patched change may still run) are
    // replayed as well; every current path must be among them.
    expect(recorded).toEqual(expect.arrayContaining(Object.keys(scenarios).map((n) => `${n}.json`)));
  });

  it('today’s workflow code replays every recorded history without a determinism error', async () => {
    const files = fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(HISTORIES, f), 'utf8'))),
    }));
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('@hilfenetz/workflow-crisis'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
    });
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
    expect(histories.length).toBeGreaterThan(0);
  });
});
