import { z } from 'zod';
import { guardianChannels, guardianDetails, guardianRelations, type GuardianDetails } from '../events/guardian.events';

/** POST /cases/:caseId/guardians: one more guardian, tried after the ones recorded before. */
export const addGuardianRequest = guardianDetails;
export type AddGuardianRequest = GuardianDetails;

/** PUT /cases/:caseId/guardians/:guardianId: the guardian's details as they are now (whole). */
export const changeGuardianRequest = guardianDetails;

/** A guardian as the lead office reads it (opened from the sealed details), or erased. */
export type GuardianView =
  | ({ guardianId: string; rank: number; status: 'available' } & GuardianDetails)
  | { guardianId: string; rank: number; status: 'erased'; erasedAt: string };

export const guardianListSchema = z.array(guardianDetails).max(4);

/** A guardian as GET /cases/:caseId and the guardian endpoints answer, for the OpenAPI document. */
export const guardianViewSchema = z.union([
  z
    .object({
      guardianId: z.string(),
      rank: z.number().int(),
      status: z.literal('available'),
      name: z.string(),
      relation: z.enum(guardianRelations),
      phone: z.string().optional(),
      email: z.string().optional(),
      language: z.string(),
      preferredChannel: z.enum(guardianChannels),
    })
    .strict(),
  z
    .object({ guardianId: z.string(), rank: z.number().int(), status: z.literal('erased'), erasedAt: z.string() })
    .strict(),
]);
