import type { Role } from '@hilfenetz/contracts';

/**
 * The role a person acts in when a write is recorded. A token may carry several roles (a
 * team lead in Keycloak is often caseworker and supervisor); the recorded role must be the one
 * that does the work, or the workflow refuses a caseworker's acknowledgement "as supervisor".
 * So the roles that hold tasks come first, oversight roles last, whatever the token's order.
 */
const precedence: readonly Role[] = [
  'caseworker',
  'on_call',
  'clinic_staff',
  'provider_staff',
  'ambulance_dispatch',
  'supervisor',
  'auditor',
  'administrator',
  // The network's people (issue 17): their writes are network events, never crisis steps.
  'network_coordinator',
  'partner_contact',
];

export function actingRole(roles: readonly Role[]): Role | 'unknown' {
  return precedence.find((r) => roles.includes(r)) ?? 'unknown';
}
