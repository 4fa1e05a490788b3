/**
 * The roles whose organisations hold crisis tasks, with the supervisor who oversees them: who has
 * a task inbox and a crisis list, and answers tasks.
 */
export const taskHolderRoles = [
  'caseworker',
  'on_call',
  'provider_staff',
  'clinic_staff',
  'ambulance_dispatch',
  'supervisor',
] as const;

/** The roles a token can carry (claim `roles`). See docs/adr/0004-authentication.md. */
export const roles = [
  ...taskHolderRoles,
  'auditor',
  'administrator',
  /** Datenschutzbeauftragte(r): told of break-glass reads judged unjustified or left unreviewed. */
  'data_protection_officer',
  /** Koordinierungsstelle of a network (Frühe Hilfen or cooperation): manages its partners. */
  'network_coordinator',
  /** The named contact person of a network partner: keeps their own entry and their partner's offers. */
  'partner_contact',
] as const;
export type Role = (typeof roles)[number];

/** The verified caller, as the API sees it after checking the bearer token. */
export interface Principal {
  /** Pseudonymous user id (token `sub`). */
  id: string;
  roles: Role[];
  organisationId: string;
  displayName: string;
}
