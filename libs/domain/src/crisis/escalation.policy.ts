import type { CooperationAgreement, CrisisEvent } from '@hilfenetz/contracts';
import { contactOf, routeOf } from './contact-routing';
import type { CrisisTask } from './crisis.state';

const plusMinutes = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

export interface EscalationCause {
  /** `not_reached`: no channel of the contact delivered a message within its window. */
  cause: 'deadline_missed' | 'declined' | 'not_reached';
  now: string;
  /** The deadline that passed, for cause deadline_missed. */
  missedDeadline?: string;
  /** Organisations that refused the task so far (including a decline being decided now). */
  declinedBy: string[];
}

/**
 * Where a task goes when its contact's deadline passes or the contact declines: the next step of
 * the party's chain (skipping organisations that declined: they have said no), and at the end of
 * the chain the supervisor, or for the guardian a documented "unreachable" that blocks nothing.
 * The new contact's deadline counts from now, so contacts never inherit time lost to an outage.
 */
export function escalate(
  agreement: CooperationAgreement,
  crisisId: string,
  task: CrisisTask,
  c: EscalationCause,
): CrisisEvent[] {
  const chain = task.party === 'family_court' ? [] : routeOf(agreement, task.party, task.route).escalation;
  const missed = c.missedDeadline ? { missedDeadline: c.missedDeadline } : {};
  const alertSupervisor = (): CrisisEvent => ({
    type: 'SupervisorAlerted',
    data: {
      crisisId,
      taskId: task.taskId,
      party: task.party,
      cause: c.cause,
      ...missed,
      supervisorContactId: agreement.supervisorContactId,
      organisationId: contactOf(agreement, agreement.supervisorContactId).organisationId,
      alertedAt: c.now,
    },
  });

  for (let i = task.step + 1; i < chain.length; i++) {
    const step = chain[i]!;
    const contact = contactOf(agreement, step.contactId);
    if (c.declinedBy.includes(contact.organisationId)) continue;
    if (step.kind === 'supervisor') return [alertSupervisor()];
    return [
      {
        type: 'TaskEscalated',
        data: {
          crisisId,
          taskId: task.taskId,
          party: task.party,
          cause: c.cause,
          ...missed,
          step: i,
          kind: step.kind,
          fromContactId: task.contactId,
          toContactId: contact.id,
          toOrganisationId: contact.organisationId,
          escalatedAt: c.now,
          deadline: plusMinutes(c.now, step.ackDeadlineMinutes),
        },
      },
    ];
  }

  const exhausted = task.party === 'family_court' ? 'supervisor' : agreement.parties[task.party].whenChainExhausted;
  if (exhausted === 'document_unreachable') {
    return [
      {
        type: 'GuardianUnreachable',
        data: {
          crisisId,
          taskId: task.taskId,
          attempts: task.attempts.map(({ contactId, notifiedAt }) => ({ contactId, notifiedAt })),
          documentedAt: c.now,
        },
      },
    ];
  }
  return [alertSupervisor()];
}

export { plusMinutes };
