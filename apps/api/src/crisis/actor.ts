import type { Actor, Principal } from '@hilfenetz/contracts';
import { actingRole } from '../auth/acting-role';

/** The person as the workflow sees them: pseudonymous id, the role they act in, their organisation. */
export function actorOf(user: Principal): Actor {
  return { id: user.id, role: actingRole(user.roles), organisationId: user.organisationId };
}
