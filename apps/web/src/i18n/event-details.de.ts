import type { TimelineEntryDto } from '@hilfenetz/contracts';
import { dangerKindLabel, urgencyLabel } from './crisis-terms.de';
import { formatDateTime } from './date-format.de';
import { admissionLabel, followUpLabel, partyLabel } from './parties.de';

export interface Detail {
  label: string;
  value: string;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const when = (v: unknown): string | null => (text(v) ? `${formatDateTime(v as string)} Uhr` : null);

const CAUSES: Record<string, string> = {
  deadline_missed: 'Frist verpasst',
  declined: 'Abgelehnt',
};

const CHANNELS: Record<string, string> = { in_app: 'In der App', email: 'E-Mail', phone: 'SMS', voice: 'Anruf' };

/** The facts worth reading in an event, in German. Unknown event types show none. */
export function eventDetails(entry: TimelineEntryDto): Detail[] {
  const d = entry.data;
  const out: Detail[] = [];
  const add = (label: string, value: string | null) => {
    if (value) out.push({ label, value });
  };
  switch (entry.type) {
    case 'CrisisTriggered':
      add('Gefährdung', d.dangerKind ? dangerKindLabel(d.dangerKind) : null);
      add('Dringlichkeit', d.urgency ? urgencyLabel(d.urgency) : null);
      break;
    case 'CrisisCancelled':
      add('Grund', text(d.reason));
      break;
    case 'PartyNotified':
      add('Beteiligte', text(d.party) && partyLabel(d.party as string));
      add('Organisation', text(d.organisationId));
      add('Frist', when(d.deadline));
      break;
    case 'TaskAcknowledged':
      add('Beteiligte', text(d.party) && partyLabel(d.party as string));
      break;
    case 'TaskDeclined':
      add('Beteiligte', text(d.party) && partyLabel(d.party as string));
      add('Grund', text(d.reason));
      break;
    case 'TaskEscalated':
      add('Beteiligte', text(d.party) && partyLabel(d.party as string));
      add('Anlass', text(d.cause) && (CAUSES[d.cause as string] ?? (d.cause as string)));
      add('Verpasste Frist', when(d.missedDeadline));
      add('Jetzt bei', text(d.toOrganisationId));
      add('Neue Frist', when(d.deadline));
      break;
    case 'SupervisorAlerted':
      add('Beteiligte', text(d.party) && partyLabel(d.party as string));
      add('Anlass', text(d.cause) && (CAUSES[d.cause as string] ?? (d.cause as string)));
      add('Verpasste Frist', when(d.missedDeadline));
      break;
    case 'GuardianUnreachable':
      add('Versuche', Array.isArray(d.attempts) ? String(d.attempts.length) : null);
      break;
    case 'AdmissionDecided':
      add('Entscheidung', d.decision ? admissionLabel(d.decision) : null);
      add('Anschluss', d.followUp ? followUpLabel(d.followUp) : null);
      break;
    case 'FamilyCourtDecisionRequired':
      add('Zuständig', text(d.organisationId));
      add('Rechtsgrundlage', text(d.legalBasis));
      add('Frist', when(d.deadline));
      break;
    case 'DischargeAnnounced':
      add('Geplant für', when(d.plannedFor));
      break;
    case 'AmbulanceDispatchReported':
      add('Einsatznummer', text(d.dispatchReference));
      add('Ankunft erwartet', when(d.expectedArrivalAt));
      break;
    case 'HilfeplanungRequested':
      add('Beteiligte', Array.isArray(d.participants) ? String(d.participants.length) : null);
      break;
    case 'NotificationSent':
    case 'NotificationFailed': {
      const task = text(d.taskId);
      add('Beteiligte', task && task.startsWith('task-') ? partyLabel(task.slice(5)) : task);
      add('Kontakt', text(d.contactId));
      add('Kanal', text(d.channel) && (CHANNELS[d.channel as string] ?? (d.channel as string)));
      add(
        'Fehlversuche',
        Array.isArray(d.failedAttempts) && d.failedAttempts.length ? String(d.failedAttempts.length) : null,
      );
      break;
    }
    case 'BreakGlassAccess':
      add('Begründung', text(d.reason));
      break;
  }
  return out;
}
