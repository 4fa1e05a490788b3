import { confirmContactData } from '@hilfenetz/workflow-network/messages';
import path from 'node:path';
import {
  confirmationEventsWhen,
  startConfirmation,
  startContactConfirmationRig,
} from './contact-confirmation-workflow.rig';
import { DAY, nowOf } from './network-meeting-workflow.rig';
import { describeReplay } from './support/replay-suite';
import type { TimeSkippingRig } from './support/time-skipping-rig';

/**
 * Replays the committed histories of the yearly contact confirmation against today's code.
 * `RECORD_CONTACT_CONFIRMATION_HISTORIES=1` records them anew (workflows/network/README.md).
 */
const HISTORIES = path.resolve(__dirname, '../../workflows/network/histories/contact-confirmation');
const RECORD = process.env.RECORD_CONTACT_CONFIRMATION_HISTORIES === '1';

type Scenario = (rig: TimeSkippingRig) => Promise<{ workflowId: string; runId: string }>;

const scenarios: Record<string, Scenario> = {
  async 'confirmed-after-request'(rig) {
    const { handle, networkId, contact } = await startConfirmation(rig);
    const runId = (await handle.describe()).runId;
    await rig.env.sleep(366 * DAY);
    await confirmationEventsWhen(rig, networkId, 1, 'the request');
    await handle.executeUpdate(confirmContactData, { args: [{ by: contact, at: await nowOf(rig) }] });
    await confirmationEventsWhen(rig, networkId, 2, 'the confirmation');
    return { workflowId: handle.workflowId, runId };
  },
  async 'reminded-unconfirmed-then-confirmed'(rig) {
    const { handle, networkId, contact } = await startConfirmation(rig);
    const runId = (await handle.describe()).runId;
    await rig.env.sleep(410 * DAY);
    await confirmationEventsWhen(rig, networkId, 4, '„unbestätigt“');
    await handle.executeUpdate(confirmContactData, { args: [{ by: contact, at: await nowOf(rig) }] });
    await confirmationEventsWhen(rig, networkId, 5, 'the confirmation');
    return { workflowId: handle.workflowId, runId };
  },
};

describeReplay({
  title: 'contact confirmation workflow replay (committed histories)',
  histories: HISTORIES,
  workflowsPath: require.resolve('@hilfenetz/workflow-network'),
  record: RECORD,
  startRig: startContactConfirmationRig,
  scenarios,
});
