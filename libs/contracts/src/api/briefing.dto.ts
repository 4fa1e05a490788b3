import { z } from 'zod';
import type { SameShape } from './same-shape';
import { dangerKinds, urgencies, type DangerKind, type Urgency } from '../events/crisis.events';

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
  /** The decline reason categories of the agreement the crisis runs under (id, German label): what a decline may name. */
  declineReasonCategories: { id: string; label: string }[];
}

/** The briefing as the OpenAPI document describes it (the type above is what clients import). */
export const taskBriefingSchema = z
  .object({
    caseId: z.string(),
    crisisId: z.string(),
    taskId: z.string(),
    party: z.string(),
    granted: z.array(z.enum(briefingFields)),
    status: z.enum(['available', 'erased']),
    erasedAt: z.string().datetime().optional(),
    dangerKind: z.enum(dangerKinds).optional(),
    urgency: z.enum(urgencies).optional(),
    location: z.string().nullable().optional(),
    ageYears: z.number().int().nullable().optional(),
    youngPersonName: z.string().nullable().optional(),
    dateOfBirth: z.string().nullable().optional(),
    situationNote: z.string().nullable().optional(),
    triggeredBy: z
      .object({
        displayName: z.string().nullable(),
        organisationName: z.string(),
        callbackPhone: z.string().nullable(),
      })
      .strict()
      .nullable()
      .optional(),
    receivingClinic: z.object({ organisationId: z.string(), name: z.string() }).strict().nullable().optional(),
    ambulance: z
      .object({
        dispatchReference: z.string(),
        expectedArrivalAt: z.string().datetime().nullable(),
        reportedAt: z.string().datetime(),
      })
      .strict()
      .nullable()
      .optional(),
    guardians: z
      .array(
        z
          .object({
            name: z.string(),
            relation: z.string(),
            phone: z.string().nullable(),
            email: z.string().nullable(),
          })
          .strict(),
      )
      .nullable()
      .optional(),
    declineReasonCategories: z.array(z.object({ id: z.string(), label: z.string() }).strict()),
  })
  .strict();

// The schema must describe exactly the type the API returns.
const briefingShape: SameShape<z.infer<typeof taskBriefingSchema>, TaskBriefing> = true;
void briefingShape;
