import type { Actor, CooperationAgreement } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import type { CrisisTask } from './crisis.state';

/** The roles that act for a task's party, as the agreement lists them. */
export function actingRolesFor(agreement: CooperationAgreement, task: CrisisTask): string[] {
  return task.party === 'family_court'
    ? agreement.familyCourtDecision.actingRoles
    : agreement.parties[task.party].actingRoles;
}

/**
 * Only organisations the task reached act on it, and there only people in a role that acts for
 * the party (the ASD for the guardian, the clinic's staff for the clinic). `holderOnly` limits it
 * to the organisation holding the task now (declining, deciding); an acknowledgement may also
 * come late from an earlier contact that has not declined: an answer is never turned away.
 */
export function assertMayActOn(
  agreement: CooperationAgreement,
  task: CrisisTask,
  actor: Actor,
  { holderOnly }: { holderOnly: boolean },
): void {
  const org = actor.organisationId;
  const reached = holderOnly
    ? org === task.organisationId
    : task.attempts.some((a) => a.organisationId === org) && !task.declinedBy.includes(org ?? '');
  if (!reached) {
    throw new DomainRuleViolation(
      'task.wrong_organisation',
      `task ${task.taskId} is not with your organisation; you may not act on it`,
    );
  }
  if (!actingRolesFor(agreement, task).includes(actor.role)) {
    throw new DomainRuleViolation('task.not_permitted', `the role ${actor.role} does not act for the ${task.party}`);
  }
}
