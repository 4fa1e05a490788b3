import { z } from 'zod';
import { guardianDetails, type GuardianDetails } from '../events/guardian.events';

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
