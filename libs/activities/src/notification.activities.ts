import type { GuardianDetails, SendNotificationInput, SendNotificationResult } from '@hilfenetz/contracts';
import { caseStreamId, guardianForAddress, guardiansOf, type SignedVersion } from '@hilfenetz/domain';
import type { PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import type { NotificationChannel } from '@hilfenetz/notifications';
import type { GuardianCodeStore } from '@hilfenetz/persistence';
import { guardianCrisisMessage, staffCrisisMessage, type CrisisMessage } from './crisis-message.de';

export interface NotificationDeps {
  eventStore: Pick<PostgresEventStore, 'readStream'>;
  vault: Pick<PersonalDataVault, 'open'>;
  /** The channels configured in this deployment (e-mail, SMS, voice); in-app needs no sending. */
  channels: NotificationChannel[];
  guardianCodes: Pick<GuardianCodeStore, 'issue'>;
  /** Where people open hilfenetz (links in messages). */
  appUrl: string;
  /**
   * Every agreement version with its signatures (the registry: `AgreementVersionsRepository.all`
   * in the worker), to find a case's agreement in force; the built-in versions when not given.
   */
  agreementVersions?: () => Promise<readonly SignedVersion[]>;
  clock?: () => Date;
}

const GUARDIAN_ADDRESS = /^case-file:guardian-contact-\d+$/;

/**
 * Sends one message on one channel (docs/adr/0010). The workflow decided whom and on which channel;
 * this resolves what only the case file knows (a guardian's number, opened from its sealed
 * details here and never returned), writes the text the channel may carry, and hands it over.
 * The answer is whether the channel took it; whether it *arrived* is the receipt's business.
 */
export function createNotificationActivities(deps: NotificationDeps) {
  const clock = deps.clock ?? (() => new Date());
  return {
    async sendNotification(input: SendNotificationInput): Promise<SendNotificationResult> {
      const channel = deps.channels.find((c) => c.kind === input.channel.kind);
      if (!channel) return { outcome: 'not_configured', error: `channel ${input.channel.kind} is not configured` };

      let address = input.channel.address;
      let message: CrisisMessage;
      if (GUARDIAN_ADDRESS.test(address)) {
        const events = await deps.eventStore.readStream(caseStreamId(input.caseId));
        const guardian = guardianForAddress(guardiansOf(events), address);
        if (!guardian) return { outcome: 'no_address', error: `the case file has no ${address.slice(10)}` };
        const opened = await deps.vault.open<GuardianDetails>(guardian.details);
        if (opened.status !== 'available') return { outcome: 'no_address', error: 'the guardian data is erased' };
        const found = input.channel.kind === 'email' ? opened.value.email : opened.value.phone;
        if (!found) return { outcome: 'no_address', error: `the guardian has no ${input.channel.kind} address` };
        address = found;
        const code = await deps.guardianCodes.issue(
          {
            attemptId: input.attemptId,
            caseId: input.caseId,
            crisisId: input.crisisId,
            taskId: input.taskId,
            guardianId: guardian.guardianId,
          },
          clock(),
        );
        message = guardianCrisisMessage(code, deps.appUrl, input.callbackPhone);
      } else {
        message = staffCrisisMessage(input, deps.appUrl);
      }

      // Agreements write numbers as people do ("+49 9999 4410-0"); gateways dial E.164.
      if (input.channel.kind !== 'email') address = address.replace(/[\s\-/().]/g, '');
      try {
        const sent = await channel.send(
          {
            notificationId: input.attemptId,
            caseId: input.caseId,
            crisisId: input.crisisId,
            taskId: input.taskId,
            reason: input.reason,
            deadline: input.deadline,
            contactLabel: input.contactLabel,
            body: message,
          },
          address,
        );
        return { outcome: 'sent', ...(sent?.providerReference ? { providerReference: sent.providerReference } : {}) };
      } catch (err) {
        // Never the address or the text in the error: it goes into the workflow history.
        return { outcome: 'failed', error: (err instanceof Error ? err.message : String(err)).slice(0, 300) };
      }
    },
  };
}
