import { z } from 'zod';

/** GET /crises: the open crises an organisation takes part in (Temporal visibility, search attributes). */
export const crisisListQuery = z
  .object({ status: z.enum(['active', 'open', 'admitted', 'closed', 'all']).default('active') })
  .strict();
export type CrisisListQuery = z.infer<typeof crisisListQuery>;

export interface CrisisListItem {
  crisisId: string;
  caseId: string | null;
  status: string | null;
  startedAt: string;
}

export interface CrisisListResponse {
  organisationId: string;
  crises: CrisisListItem[];
}
