import { ERASED_TEXT_LABEL, type TimelineEntryDto } from '@hilfenetz/contracts';
import { dangerKindLabel, urgencyLabel } from './crisis-terms';
import { formatDateTime, uhr } from './date-format';
import { pick, texts } from './language';
import { admissionLabel, followUpLabel, partyLabel } from './parties';

export interface Detail {
  label: string;
  value: string;
}

const T = texts(
  {
    causes: { deadline_missed: 'Frist verpasst', declined: 'Abgelehnt' } as Record<string, string>,
    channels: { in_app: 'In der App', email: 'E-Mail', phone: 'SMS', voice: 'Anruf' } as Record<string, string>,
    danger: 'Gefährdung',
    urgency: 'Dringlichkeit',
    reason: 'Grund',
    party: 'Beteiligte',
    offline: 'Offline erfasst',
    offlineAt: (acted: string, sent: string, bounded: boolean) =>
      `offline erfasst um ${acted}, übertragen um ${sent}${bounded ? ' (Gerätezeit unplausibel, begrenzt)' : ' (Gerätezeit)'}`,
    organisation: 'Organisation',
    deadline: 'Frist',
    cause: 'Anlass',
    missedDeadline: 'Verpasste Frist',
    nowWith: 'Jetzt bei',
    newDeadline: 'Neue Frist',
    attempts: 'Versuche',
    decision: 'Entscheidung',
    followUp: 'Anschluss',
    responsible: 'Zuständig',
    legalBasis: 'Rechtsgrundlage',
    plannedFor: 'Geplant für',
    dispatchReference: 'Einsatznummer',
    expectedArrival: 'Ankunft erwartet',
    contact: 'Kontakt',
    channel: 'Kanal',
    failedAttempts: 'Fehlversuche',
    justification: 'Begründung',
    note: 'Bemerkung',
    erased: 'gelöscht',
    answer: 'Antwort',
    answers: { acknowledge: 'Bestätigung', decline: 'Ablehnung' } as Record<string, string>,
    instead: 'Stattdessen',
    insteads: {
      acknowledged: 'schon von einer anderen Stelle bestätigt',
      moved_on: 'Aufgabe war weitergegeben',
      crisis_closed: 'Krise war beendet',
    } as Record<string, string>,
    insteadBy: 'Bestätigt von',
    insteadAt: 'Geschehen um',
    afterEnd: 'Übertragen',
    afterEndText: 'nach Ende der Krise; ausgelöst, während sie lief',
  },
  {
    causes: { deadline_missed: 'Deadline missed', declined: 'Declined' },
    channels: { in_app: 'In the app', email: 'Email', phone: 'Text message', voice: 'Phone call' },
    danger: 'Danger',
    urgency: 'Urgency',
    reason: 'Reason',
    party: 'Party',
    offline: 'Recorded offline',
    offlineAt: (acted: string, sent: string, bounded: boolean) =>
      `recorded offline at ${acted}, transmitted at ${sent}${bounded ? ' (device time implausible, bounded)' : ' (device time)'}`,
    organisation: 'Organisation',
    deadline: 'Deadline',
    cause: 'Cause',
    missedDeadline: 'Missed deadline',
    nowWith: 'Now with',
    newDeadline: 'New deadline',
    attempts: 'Attempts',
    decision: 'Decision',
    followUp: 'Follow-up',
    responsible: 'Responsible',
    legalBasis: 'Legal basis',
    plannedFor: 'Planned for',
    dispatchReference: 'Dispatch number',
    expectedArrival: 'Expected arrival',
    contact: 'Contact',
    channel: 'Channel',
    failedAttempts: 'Failed attempts',
    justification: 'Justification',
    note: 'Note',
    erased: 'erased',
    answer: 'Answer',
    answers: { acknowledge: 'Acknowledgement', decline: 'Decline' },
    instead: 'Instead',
    insteads: {
      acknowledged: 'already acknowledged by another organisation',
      moved_on: 'the task had moved on',
      crisis_closed: 'the crisis had ended',
    },
    insteadBy: 'Acknowledged by',
    insteadAt: 'Happened at',
    afterEnd: 'Sent',
    afterEndText: 'after the crisis had ended; triggered while it ran',
  },
);

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
/**
 * Free text as the API sends it, already opened: the text, or "gelöscht" once the young person's
 * key is destroyed (docs/adr/0018); in English the marker reads "erased".
 */
const freeText = (v: unknown, erased: string): string | null => (v === ERASED_TEXT_LABEL ? erased : text(v));
const when = (v: unknown): string | null => (text(v) ? `${formatDateTime(v as string)}${uhr()}` : null);

/** The facts worth reading in an event, in the current language. Unknown event types show none. */
export function eventDetails(entry: TimelineEntryDto): Detail[] {
  const t = pick(T);
  const d = entry.data;
  const out: Detail[] = [];
  // An id named in the event reads as its display name, the id beside it as the reference.
  const labels: Record<string, string> = entry.labels ?? {};
  const named = (v: unknown): string | null => {
    const id = text(v);
    if (!id) return null;
    const name = labels[id];
    return name && name !== id ? `${name} (${id})` : id;
  };
  const add = (label: string, value: string | null) => {
    if (value) out.push({ label, value });
  };
  // Done offline and sent later (docs/adr/0026): both times, the device's marked as such.
  const addOffline = (receivedAt: unknown) => {
    const device = d.actedOnDevice as { at?: unknown; bounded?: unknown } | undefined;
    const acted = device && when(device.at);
    const sent = when(receivedAt);
    if (acted && sent) add(t.offline, t.offlineAt(acted, sent, device.bounded === true));
  };
  switch (entry.type) {
    case 'CrisisTriggered':
      add(t.danger, d.dangerKind ? dangerKindLabel(d.dangerKind) : null);
      add(t.urgency, d.urgency ? urgencyLabel(d.urgency) : null);
      addOffline(d.triggeredAt);
      break;
    case 'CrisisTriggerJoined':
      add(t.danger, d.dangerKind ? dangerKindLabel(d.dangerKind) : null);
      add(t.urgency, d.urgency ? urgencyLabel(d.urgency) : null);
      addOffline(d.joinedAt);
      add(t.afterEnd, d.afterEnd === true ? t.afterEndText : null);
      break;
    case 'TaskAnswerSuperseded': {
      const by = d.insteadBy as { organisationId?: unknown } | undefined;
      add(t.party, text(d.party) && partyLabel(d.party as string));
      add(t.answer, text(d.answer) && (t.answers[d.answer as string] ?? (d.answer as string)));
      addOffline(d.receivedAt);
      add(t.instead, text(d.instead) && (t.insteads[d.instead as string] ?? (d.instead as string)));
      add(t.insteadBy, named(by?.organisationId));
      add(t.insteadAt, when(d.insteadAt));
      break;
    }
    case 'CrisisCancelled':
      add(t.reason, freeText(d.reason, t.erased));
      addOffline(d.cancelledAt);
      break;
    case 'PartyNotified':
      add(t.party, text(d.party) && partyLabel(d.party as string));
      add(t.organisation, named(d.organisationId));
      add(t.deadline, when(d.deadline));
      break;
    case 'TaskAcknowledged':
      add(t.party, text(d.party) && partyLabel(d.party as string));
      addOffline(d.acknowledgedAt);
      break;
    case 'TaskDeclined':
      add(t.party, text(d.party) && partyLabel(d.party as string));
      add(t.reason, freeText(d.reason, t.erased));
      addOffline(d.declinedAt);
      break;
    case 'TaskEscalated':
      add(t.party, text(d.party) && partyLabel(d.party as string));
      add(t.cause, text(d.cause) && (t.causes[d.cause as string] ?? (d.cause as string)));
      add(t.missedDeadline, when(d.missedDeadline));
      add(t.nowWith, named(d.toOrganisationId));
      add(t.newDeadline, when(d.deadline));
      break;
    case 'SupervisorAlerted':
      add(t.party, text(d.party) && partyLabel(d.party as string));
      add(t.cause, text(d.cause) && (t.causes[d.cause as string] ?? (d.cause as string)));
      add(t.missedDeadline, when(d.missedDeadline));
      break;
    case 'GuardianUnreachable':
      add(t.attempts, Array.isArray(d.attempts) ? String(d.attempts.length) : null);
      break;
    case 'AdmissionDecided':
      add(t.decision, d.decision ? admissionLabel(d.decision) : null);
      add(t.followUp, d.followUp ? followUpLabel(d.followUp) : null);
      addOffline(d.decidedAt);
      break;
    case 'FamilyCourtDecisionRequired':
      add(t.responsible, named(d.organisationId));
      add(t.legalBasis, text(d.legalBasis));
      add(t.deadline, when(d.deadline));
      break;
    case 'DischargeAnnounced':
      add(t.plannedFor, when(d.plannedFor));
      break;
    case 'AmbulanceDispatchReported':
      add(t.dispatchReference, text(d.dispatchReference));
      add(t.expectedArrival, when(d.expectedArrivalAt));
      addOffline(d.reportedAt);
      break;
    case 'HilfeplanungRequested':
      add(t.party, Array.isArray(d.participants) ? String(d.participants.length) : null);
      break;
    case 'NotificationSent':
    case 'NotificationFailed': {
      const task = text(d.taskId);
      add(t.party, task && task.startsWith('task-') ? partyLabel(task.slice(5)) : task);
      add(t.contact, named(d.contactId));
      add(t.channel, text(d.channel) && (t.channels[d.channel as string] ?? (d.channel as string)));
      add(
        t.failedAttempts,
        Array.isArray(d.failedAttempts) && d.failedAttempts.length ? String(d.failedAttempts.length) : null,
      );
      break;
    }
    case 'BreakGlassAccess':
      add(t.justification, freeText(d.reason, t.erased));
      break;
    case 'LegalHoldPlaced':
    case 'DataSubjectErased':
    case 'ReviewRequested':
      add(t.reason, freeText(d.reason, t.erased));
      break;
    case 'InvitationAnswered':
      add(t.party, text(d.party) && partyLabel(d.party as string));
      add(t.reason, freeText(d.reason, t.erased));
      addOffline(d.answeredAt);
      break;
    case 'HelpEnded':
      add(t.note, freeText(d.note, t.erased));
      break;
  }
  return out;
}
