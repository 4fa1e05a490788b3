import { describeReplay } from './support/replay-suite';
import { taskSeenEvent } from '@hilfenetz/activities';
import { caseStreamId, lindenauAgreementV1 } from '@hilfenetz/domain';
import {
  acknowledgeTask,
  announceDischarge,
  cancelCrisis,
  decideAdmission,
  declineTask,
  deliveryReceipt,
  joinTrigger,
  recordSupersededAnswer,
} from '@hilfenetz/workflow-crisis/messages';
import path from 'node:path';
import { actors, allNotified, inboxReceives, startCrisis, startCrisisRig, type CrisisRig } from './crisis-workflow.rig';
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
          reason: sealedText('Fehlalarm: Jugendliche wohlauf angetroffen'),
          cancelledBy: actors.caseworker,
          cancelledAt: await at(rig),
        },
      ],
    });
    await handle.result();
    return input.crisisId;
  },

  /** Since the API passes the agreement version itself and a sealed situation in the input. */
  async 'agreement-version-and-sealed-situation-in-input-then-cancelled'(rig) {
    const { handle, input } = await startCrisis(rig, {
      agreementVersion: lindenauAgreementV1,
      situation: { $sealed: 'A256GCM', subjectId: 'subj-replay', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' },
    });
    await allNotified(handle);
    await handle.executeUpdate(acknowledgeTask, {
      args: [{ taskId: 'task-clinic', by: actors.clinic, at: await at(rig) }],
    });
    await handle.executeUpdate(cancelCrisis, {
      args: [
        { reason: sealedText('Lage hat sich beruhigt'), cancelledBy: actors.caseworker, cancelledAt: await at(rig) },
      ],
    });
    await handle.result();
    return input.crisisId;
  },

  /** Since the crisis reaches people itself: receipts in-app and from the gateway, a guardian's code. */
  async 'reached-by-receipts-guardian-code-then-cancelled'(rig) {
    const { handle, input } = await startCrisis(rig, { agreementVersion: lindenauAgreementV1 });
    await allNotified(handle);
    // Since patch in-app-receipts-in-log the API records the clinic's receipts in the log
    // (docs/adr/0046); the recordings before it have them as signals.
    await inboxReceives(rig, handle, input, 'task-clinic', actors.clinic);
    const seen = { crisisId: input.crisisId, taskId: 'task-clinic', by: actors.clinic, at: await at(rig) };
    await rig.store.append(caseStreamId(input.caseId), [
      taskSeenEvent({ ...seen, correlationId: input.correlationId }),
    ]);
    await rig.env.sleep('70 seconds');
    const sms = await rig.gateway.client.waitForMessage({ to: '+49999944100' }, (m) =>
      m.reference.startsWith(input.crisisId),
    );
    await handle.signal(deliveryReceipt, {
      kind: 'gateway',
      attemptId: sms.reference,
      status: 'delivered',
      at: await at(rig),
    });
    await handle.executeUpdate(acknowledgeTask, {
      args: [
        {
          taskId: 'task-guardian',
          by: { id: 'guardian:g-replay-0001', role: 'guardian' },
          at: await at(rig),
          method: 'guardian_code',
        },
      ],
    });
    await rig.env.sleep('5 minutes');
    await handle.executeUpdate(cancelCrisis, {
      args: [{ reason: sealedText('Lage geklärt'), cancelledBy: actors.caseworker, cancelledAt: await at(rig) }],
    });
    await handle.result();
    return input.crisisId;
  },

  /**
   * Since issue 19 (docs/adr/0034): the trigger's device time in the input, a second trigger joining
   * the running crisis, and a decline queued offline recorded as superseded after the clinic's
   * acknowledgement.
   */
  async 'joined-trigger-and-late-answer-then-cancelled'(rig) {
    const { handle, input } = await startCrisis(rig, {
      agreementVersion: lindenauAgreementV1,
      actedOnDevice: { at: new Date((await rig.env.currentTimeMs()) - 120_000).toISOString(), bounded: false },
    });
    await allNotified(handle);
    await handle.executeUpdate(joinTrigger, {
      args: [
        {
          by: actors.caseworker,
          at: await at(rig),
          dangerKind: 'others',
          urgency: 'immediate',
          situation: { $sealed: 'A256GCM', subjectId: 'subj-replay', iv: 'aXY=', tag: 'dGFn', ct: 'am9pbg==' },
          actedOnDevice: { at: await at(rig), bounded: true },
        },
      ],
    });
    await handle.executeUpdate(acknowledgeTask, {
      args: [{ taskId: 'task-clinic', by: actors.clinic, at: await at(rig) }],
    });
    await handle.executeUpdate(recordSupersededAnswer, {
      args: [
        {
          taskId: 'task-clinic',
          answer: 'decline',
          by: actors.clinic,
          at: await at(rig),
          actedOnDevice: { at: await at(rig), bounded: false },
        },
      ],
    });
    await handle.executeUpdate(cancelCrisis, {
      args: [{ reason: sealedText('Fehlalarm'), cancelledBy: actors.caseworker, cancelledAt: await at(rig) }],
    });
    await handle.result();
    return input.crisisId;
  },

  async 'clinic-declines-next-clinic-does-not-admit'(rig) {
    const { handle, input } = await startCrisis(rig);
    await allNotified(handle);
    await handle.executeUpdate(declineTask, {
      args: [
        { taskId: 'task-clinic', by: actors.clinic, reason: sealedText('Keine Aufnahmekapazität'), at: await at(rig) },
      ],
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

  /** Issue 18 §3: the decline names one of the agreement's reason categories (clear on TaskDeclined). */
  async 'clinic-declines-with-reason-category-next-clinic-does-not-admit'(rig) {
    const { handle, input } = await startCrisis(rig);
    await allNotified(handle);
    await handle.executeUpdate(declineTask, {
      args: [
        {
          taskId: 'task-clinic',
          by: actors.clinic,
          reason: sealedText('Keine Aufnahmekapazität'),
          reasonCategory: 'no_capacity',
          at: await at(rig),
        },
      ],
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

describeReplay({
  title: 'crisis workflow replay (committed histories)',
  histories: HISTORIES,
  workflowsPath: require.resolve('@hilfenetz/workflow-crisis'),
  record: RECORD,
  startRig: () => startCrisisRig(),
  scenarios: Object.fromEntries(
    Object.entries(scenarios).map(([name, run]) => [name, async (rig: CrisisRig) => ({ workflowId: await run(rig) })]),
  ),
  recordTimeoutMs: 120_000,
});
