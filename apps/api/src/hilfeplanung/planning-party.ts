import type { PlanningParty, Principal } from '@hilfenetz/contracts';
import { actingRole } from '../auth/acting-role';

/** Which help-planning party a caller acts for, by role. The youth office also acts for the family. */
export function partyOf(user: Pick<Principal, 'roles'>): PlanningParty | null {
  const role = actingRole(user.roles);
  if (role === 'clinic_staff') return 'clinic';
  if (role === 'provider_staff') return 'provider';
  if (role === 'caseworker' || role === 'on_call') return 'youth_office';
  return null;
}

/**
 * Guardians and the young person usually have no account: the youth office records their answers.
 * Clinic and provider answer only for themselves.
 */
export function mayActFor(user: Principal, party: PlanningParty): boolean {
  const own = partyOf(user);
  if (own === 'youth_office') return party === 'youth_office' || party === 'young_person' || party === 'guardian';
  return own === party;
}
