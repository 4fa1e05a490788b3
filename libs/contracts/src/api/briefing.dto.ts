import type { DangerKind, Urgency } from '../events/crisis.events';

/**
 * The facts a party may be told about a crisis. Which party gets which is data of the cooperation
 * agreement (`CooperationAgreement.briefings`), defaults in libs/domain (`defaultBriefingFields`).
 */
export const briefingFields = [
  /** Where the young person is now (the trigger's location). */
  'location',
  'dangerKind',
  'urgency',
  /** Age in whole years on the day of the crisis (not the date of birth). */
  'ageYears',
  'youngPersonName',
  'dateOfBirth',
  /** The trigger's free-text situation note. */
  'situationNote',
  /** Who triggered (display name, organisation) and the callback number they gave. */
  'triggeredBy',
  /** The clinic that holds the clinic task now (name). */
  'receivingClinic',
  /** The Leitstelle's dispatch reference and expected arrival, once reported. */
  'ambulance',
  /** The guardians' names, relations and numbers (youth office only by default). */
  'guardians',
] as const;
export type BriefingField = (typeof briefingFields)[number];

/**
 * GET /cases/:caseId/crises/:crisisId/tasks/:taskId/briefing: what the holder of one task needs to
 * act, opened for that party only. A field the agreement does not grant the party is absent (not
 * null): null means granted but not known (yet).
 */
export interface TaskBriefing {
  caseId: string;
  crisisId: string;
  taskId: string;
  party: string;
  /** The fields the agreement grants this party (what the UI may show). */
  granted: BriefingField[];
  /** `erased`: the young person's data was erased; only non-personal fields remain. */
  status: 'available' | 'erased';
  erasedAt?: string;
  dangerKind?: DangerKind;
  urgency?: Urgency;
  location?: string | null;
  ageYears?: number | null;
  youngPersonName?: string | null;
  dateOfBirth?: string | null;
  situationNote?: string | null;
  triggeredBy?: { displayName: string | null; organisationName: string; callbackPhone: string | null } | null;
  receivingClinic?: { organisationId: string; name: string } | null;
  ambulance?: { dispatchReference: string; expectedArrivalAt: string | null; reportedAt: string } | null;
  guardians?: { name: string; relation: string; phone: string | null; email: string | null }[] | null;
}
