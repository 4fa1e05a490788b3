import { z } from 'zod';
import { caseResources } from '../events/case.events';

/** One recorded read of case data: who, what, when and why. */
export const accessLogEntryDto = z
  .object({
    id: z.string(),
    accessedAt: z.string().datetime(),
    user: z.object({ id: z.string(), role: z.string(), organisationId: z.string() }).strict(),
    resource: z.enum(caseResources),
    /** `participation`: a party of the crisis or planning (clinic, provider) reading its part. */
    purpose: z.enum(['case_work', 'supervision', 'audit', 'participation', 'break_glass']),
    breakGlass: z.boolean(),
    /** The stated reason of a break-glass read; null otherwise. */
    reason: z.string().nullable(),
    correlationId: z.string(),
  })
  .strict();
export type AccessLogEntryDto = z.infer<typeof accessLogEntryDto>;

/** GET /cases/:caseId/access-log: oldest read first. */
export const accessLogResponse = z.object({ caseId: z.string(), entries: z.array(accessLogEntryDto) }).strict();
export type AccessLogResponse = z.infer<typeof accessLogResponse>;
