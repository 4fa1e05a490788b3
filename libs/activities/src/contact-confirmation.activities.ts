import type { ContactConfirmationActivities, PartnerContactDetails } from '@hilfenetz/contracts';
import { foldNetwork, networkStreamId, partnerOf } from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import type { NotificationDeps } from './notification.activities';
import { recordNetworkStep } from './record-network-step';
import type { WorkflowOrigin } from './record-workflow-step';

/**
 * The yearly confirmation's activities (docs/adr/0038): its steps on the network stream, and the
 * request or reminder mailed to the contact's own address (opened here, never returned) with the
 * link to the network page where they confirm.
 */
export function createContactConfirmationActivities(
  deps: { eventStore: PostgresEventStore; notifications: NotificationDeps },
  origin: () => WorkflowOrigin,
): ContactConfirmationActivities {
  const { vault, channels, appUrl } = deps.notifications;
  return {
    recordContactConfirmationStep(input) {
      return recordNetworkStep(deps.eventStore, origin(), input);
    },

    async sendContactConfirmationMail({ networkId, organisationId, contactId, reminder }) {
      const network = foldNetwork(await deps.eventStore.readStream(networkStreamId(networkId)));
      const contact = network ? partnerOf(network, organisationId)?.contact : null;
      if (!network || !contact || contact.contactId !== contactId) return 'gone';
      const email = channels.find((c) => c.kind === 'email');
      if (!email) return 'not_sent';
      const details = await vault.open<PartnerContactDetails>(contact.details);
      if (details.status !== 'available') return 'gone';
      const link = `${appUrl}/netzwerke/${encodeURIComponent(networkId)}`;
      const subject = `${reminder > 0 ? 'Erinnerung: ' : ''}Bitte bestätigen Sie Ihre Kontaktdaten (${network.name})`;
      try {
        await email.send(
          {
            notificationId: `${contactId}:confirmation:${origin().runId}:${reminder}`,
            caseId: networkId,
            crisisId: contactId,
            taskId: 'contact-confirmation',
            reason: 'task_assigned',
            deadline: null,
            contactLabel: details.value.function,
            body: {
              subject,
              text:
                `Guten Tag,\n\nSie sind im ${network.name} als Kontaktperson Ihrer Einrichtung eingetragen. ` +
                `Einmal im Jahr bitten wir Sie, Ihre Angaben (Name, Funktion, Telefon, E-Mail, Erreichbarkeit, ` +
                `Vertretung) zu prüfen und zu bestätigen:\n\n${link}\n\n` +
                `Dort können Sie Ihre Angaben auch ändern oder Ihre Einwilligung widerrufen.\n\nIhre Koordinierungsstelle`,
              short: 'Bitte Kontaktdaten bestätigen',
            },
          },
          details.value.email,
        );
        return 'sent';
      } catch {
        return 'not_sent';
      }
    },
  };
}
