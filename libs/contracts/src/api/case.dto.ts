import { z } from 'zod';
import { youngPersonDetails } from '../events/case.events';
import { caseIdSchema } from '../events/crisis.events';
import { guardianListSchema, guardianViewSchema, type GuardianView } from './guardian.dto';
import type { SameShape } from './same-shape';

/** POST /cases: the pseudonymous reference plus the young person's details (stored encrypted only). */
export const registerCaseRequest = z
  .object({
    caseId: caseIdSchema,
    youngPerson: youngPersonDetails,
    /** The Träger caring for the young person: a provider of the lead office's agreement in force. */
    careProviderOrganisationId: z.string().trim().min(1).max(128).optional(),
    /**
     * The persons with custody (or the Vormund), in the order to reach them: each becomes a
     * GuardianRecorded event sealed under the young person's key. At most four.
     */
    guardians: guardianListSchema.optional(),
  })
  .strict();
export type RegisterCaseRequest = z.infer<typeof registerCaseRequest>;

export interface CaseView {
  caseId: string;
  leadOrganisationId: string;
  /** The Träger whose staff may trigger a crisis for this case; null when none cares for it. */
  careProviderOrganisationId: string | null;
  registeredAt: string;
  youngPerson:
    | { status: 'available'; givenName: string; familyName: string; dateOfBirth: string; address?: string }
    | { status: 'erased'; erasedAt: string };
  legalHold: boolean;
  /** The guardians still recorded, in the order to reach them; erased with the young person. */
  guardians: GuardianView[];
}

/** The case file as POST /cases and GET /cases/:caseId answer, for the OpenAPI document. */
export const caseViewSchema = z
  .object({
    caseId: z.string(),
    leadOrganisationId: z.string(),
    careProviderOrganisationId: z.string().nullable(),
    registeredAt: z.string().datetime(),
    youngPerson: z.discriminatedUnion('status', [
      z
        .object({
          status: z.literal('available'),
          givenName: z.string(),
          familyName: z.string(),
          dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          address: z.string().optional(),
        })
        .strict(),
      z.object({ status: z.literal('erased'), erasedAt: z.string().datetime() }).strict(),
    ]),
    legalHold: z.boolean(),
    guardians: z.array(guardianViewSchema),
  })
  .strict();

// The schema must describe exactly the type the API returns.
const _caseViewSame: SameShape<z.infer<typeof caseViewSchema>, CaseView> = true;
void _caseViewSame;

export const legalHoldRequest = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const erasureRequest = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
