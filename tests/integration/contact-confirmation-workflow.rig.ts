import type { ContactConfirmationWorkflowInput, PartnerContactConsentedData } from '@hilfenetz/contracts';
import { contactConfirmationDefaults } from '@hilfenetz/domain';
import { randomUUID } from 'node:crypto';
import { networkEventsOf, outbox, seedNetwork, startNetworkMeetingRig } from './network-meeting-workflow.rig';
import type { TimeSkippingRig } from './support/time-skipping-rig';

/** What the yearly confirmation's timer and replay tests share (the meeting rig runs both workflows). */
export const startContactConfirmationRig = startNetworkMeetingRig;
export const contactMailsOf = (contactId: string) => outbox.filter((m) => m.n.crisisId === contactId);

export const confirmationEventsOf = async (rig: TimeSkippingRig, networkId: string) =>
  (await networkEventsOf(rig, networkId)).filter((e) => e.type.startsWith('PartnerContactConfirm'));

export async function confirmationEventsWhen(rig: TimeSkippingRig, networkId: string, count: number, what: string) {
  for (let i = 0; i < 300; i++) {
    const es = await confirmationEventsOf(rig, networkId);
    if (es.length >= count) return es;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A network with a consented contact, and its confirmation workflow started as the API starts it. */
export async function startConfirmation(rig: TimeSkippingRig) {
  const networkId = await seedNetwork(rig);
  const consent = (await networkEventsOf(rig, networkId)).find((e) => e.type === 'PartnerContactConsented')!
    .data as PartnerContactConsentedData;
  const input: ContactConfirmationWorkflowInput = {
    networkId,
    organisationId: consent.organisationId,
    contactId: consent.contactId,
    lastConfirmedAt: consent.recordedAt,
    rules: contactConfirmationDefaults,
    correlationId: randomUUID(),
  };
  const handle = await rig.env.client.workflow.start('contactConfirmationWorkflow', {
    taskQueue: rig.taskQueue,
    workflowId: `contact-confirmation-${consent.contactId}`,
    args: [input],
  });
  return {
    handle,
    input,
    networkId,
    contact: { id: 'u-kontakt', role: 'partner_contact', organisationId: consent.organisationId },
  };
}
