import {
  briefingFields,
  type BriefingField,
  type CooperationAgreement,
  type CrisisParty,
  type LagebildAudience,
} from '@hilfenetz/contracts';
import { briefingFieldsFor } from '../briefing/briefing-grants';

export type TaskParty = CrisisParty | 'family_court';

/**
 * The facts of the crisis's conditions an audience is shown: the Leitstelle and the clinic what
 * the agreement grants their briefing (the same need-to-know cut), the supervisor everything, the
 * Runder Tisch nothing that identifies anyone.
 */
export function lagebildFieldsFor(
  audience: LagebildAudience,
  agreement: Pick<CooperationAgreement, 'briefings'>,
): BriefingField[] {
  switch (audience) {
    case 'supervisor':
      return [...briefingFields];
    case 'leitstelle':
      return briefingFieldsFor(agreement, 'ambulance');
    case 'clinic':
      return briefingFieldsFor(agreement, 'clinic');
    case 'runder_tisch':
      // Organisations and times only: what happened and which clinic, never who or where.
      return ['dangerKind', 'urgency', 'receivingClinic', 'ambulance'];
  }
}

/**
 * The tasks whose course an audience follows. The Leitstelle needs the clinic it drives to and the
 * office to call back; the clinic also the Träger (a return to the group) and the family court
 * decision. The guardian's task only where the agreement grants the guardians (youth office).
 */
export function lagebildPartiesFor(audience: LagebildAudience, fields: readonly BriefingField[]): TaskParty[] {
  const withGuardian = (parties: TaskParty[]): TaskParty[] =>
    fields.includes('guardians') ? [...parties, 'guardian'] : parties;
  switch (audience) {
    case 'supervisor':
    case 'runder_tisch':
      return ['ambulance', 'clinic', 'youth_office', 'provider', 'guardian', 'family_court'];
    case 'leitstelle':
      return withGuardian(['ambulance', 'clinic', 'youth_office']);
    case 'clinic':
      return withGuardian(['ambulance', 'clinic', 'youth_office', 'provider', 'family_court']);
  }
}

/** Who takes part in the crisis as far as the audiences go: the holders of two tasks, and the lead. */
export interface LagebildReader {
  roles: readonly string[];
  organisationId: string;
}

export type LagebildAccess =
  /** The audiences this reader may ask for, widest first, with the purpose of the read. */
  | {
      kind: 'allow';
      audiences: LagebildAudience[];
      role: string;
      purpose: 'case_work' | 'supervision' | 'participation';
    }
  /** Neither lead office nor holder of the ambulance or clinic task: the crisis does not exist. */
  | { kind: 'hidden' };

/**
 * Who may read which Lagebild: the lead office's caseworkers, on-call service and supervisors any
 * audience; the organisation holding the ambulance task now the Leitstelle's; the clinic holding
 * the clinic task now the clinic's. Nobody else learns that the crisis exists.
 */
export function lagebildAccessFor(
  reader: LagebildReader,
  leadOrganisationId: string,
  holders: { ambulance: string | null; clinic: string | null },
): LagebildAccess {
  const all: LagebildAudience[] = ['supervisor', 'leitstelle', 'clinic', 'runder_tisch'];
  if (reader.organisationId === leadOrganisationId) {
    if (reader.roles.includes('supervisor')) {
      return { kind: 'allow', audiences: all, role: 'supervisor', purpose: 'supervision' };
    }
    const role = ['caseworker', 'on_call'].find((r) => reader.roles.includes(r));
    if (role) return { kind: 'allow', audiences: all, role, purpose: 'case_work' };
  }
  if (reader.roles.includes('ambulance_dispatch') && holders.ambulance === reader.organisationId) {
    return { kind: 'allow', audiences: ['leitstelle'], role: 'ambulance_dispatch', purpose: 'participation' };
  }
  if (reader.roles.includes('clinic_staff') && holders.clinic === reader.organisationId) {
    return { kind: 'allow', audiences: ['clinic'], role: 'clinic_staff', purpose: 'participation' };
  }
  return { kind: 'hidden' };
}
