import {
  type MeetingMailOutcome,
  type NetworkMeetingActivities,
  type PartnerContactDetails,
  type RecordNetworkMeetingStepInput,
  type SendNetworkMeetingMailInput,
} from '@hilfenetz/contracts';
import { foldNetwork, foldNetworkMeetings, networkStreamId } from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { ApplicationFailure } from '@temporalio/activity';
import { meetingCalendar, meetingMailText, minutesPdf } from './network-meeting-mail.de';
import type { NotificationDeps } from './notification.activities';
import { recordNetworkStep } from './record-network-step';
import type { WorkflowOrigin } from './record-workflow-step';

/**
 * The meeting's activities (docs/adr/0038): recording a step on the network's stream (ids derived
 * from the workflow and the step, so a retry appends nothing new), and the mail to every partner's
 * consented contact through the deployment's e-mail channel — the same channel the Hilfeplanung's
 * invitations go through. Addresses and sealed texts are opened here and never returned.
 */
export function createNetworkMeetingActivities(
  deps: { eventStore: PostgresEventStore; notifications: NotificationDeps },
  origin: () => WorkflowOrigin,
): NetworkMeetingActivities {
  const { vault, channels, appUrl } = deps.notifications;
  const open = async (v: Parameters<typeof vault.open>[0]) => {
    const o = await vault.open<string>(v);
    return o.status === 'available' ? o.value : '(gelöscht)';
  };
  return {
    recordNetworkMeetingStep(input: RecordNetworkMeetingStepInput) {
      return recordNetworkStep(deps.eventStore, origin(), input);
    },

    async sendNetworkMeetingMail(input: SendNetworkMeetingMailInput): Promise<MeetingMailOutcome[]> {
      const events = await deps.eventStore.readStream(networkStreamId(input.networkId));
      const network = foldNetwork(events);
      const meeting = foldNetworkMeetings(events).find((m) => m.scheduled.meetingId === input.meetingId);
      if (!network || !meeting) throw ApplicationFailure.nonRetryable('no such meeting', 'MeetingUnknown');
      const m = meeting.scheduled;
      const link = `${appUrl}/netzwerke/${encodeURIComponent(input.networkId)}/treffen/${encodeURIComponent(m.meetingId)}`;
      const agenda = await Promise.all(meeting.agenda.map((a) => open(a.title)));
      const words = meetingMailText(input.purpose, m, network.name, agenda, link);
      const nameOf = (id: string) => network.partners.find((p) => p.organisationId === id)?.profile.name ?? id;
      const attachments =
        input.purpose === 'minutes'
          ? [
              {
                filename: 'protokoll.pdf',
                contentType: 'application/pdf',
                content: await minutesPdf(
                  m,
                  network.name,
                  meeting.presentOrganisationIds.map(nameOf),
                  meeting.minutes ? await open(meeting.minutes.text) : '',
                ),
              },
            ]
          : [
              {
                filename: 'treffen.ics',
                contentType: 'text/calendar; charset=utf-8; method=REQUEST',
                content: meetingCalendar(m, network.name, link),
              },
            ];
      const email = channels.find((c) => c.kind === 'email');
      const outcomes: MeetingMailOutcome[] = [];
      for (const partner of network.partners) {
        const organisationId = partner.organisationId;
        const contact = partner.contact;
        if (!contact) {
          outcomes.push({ organisationId, outcome: 'no_contact' });
          continue;
        }
        if (!contact.consent.scope.includes('coordination_mail')) {
          outcomes.push({ organisationId, contactId: contact.contactId, outcome: 'no_consent' });
          continue;
        }
        if (!email) {
          outcomes.push({ organisationId, contactId: contact.contactId, outcome: 'not_configured' });
          continue;
        }
        const details = await vault.open<PartnerContactDetails>(contact.details);
        if (details.status !== 'available') {
          outcomes.push({ organisationId, outcome: 'no_contact' });
          continue;
        }
        try {
          const sent = await email.send(
            {
              notificationId: `${m.meetingId}:${input.purpose}:${organisationId}`,
              caseId: input.networkId,
              crisisId: m.meetingId,
              taskId: input.purpose,
              reason: 'task_assigned',
              deadline: null,
              contactLabel: partner.profile.name,
              body: { ...words, attachments },
            },
            details.value.email,
          );
          outcomes.push({
            organisationId,
            contactId: contact.contactId,
            outcome: 'sent',
            ...(sent.providerReference ? { providerReference: sent.providerReference } : {}),
          });
        } catch {
          // Not retried as a whole: the others got theirs. The page shows who did not.
          outcomes.push({ organisationId, contactId: contact.contactId, outcome: 'channel_failed' });
        }
      }
      return outcomes;
    },
  };
}
