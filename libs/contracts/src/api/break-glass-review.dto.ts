import { z } from 'zod';
import { breakGlassReviewVerdicts } from '../events/break-glass.events';
import { caseResources } from '../events/case.events';

export const breakGlassReviewQuery = z.object({ status: z.enum(['open', 'decided', 'all']).default('all') }).strict();
export type BreakGlassReviewQuery = z.infer<typeof breakGlassReviewQuery>;

/** POST /break-glass-reviews/:reviewId/decision */
export const decideBreakGlassReviewRequest = z
  .object({
    verdict: z.enum(breakGlassReviewVerdicts),
    note: z.string().trim().min(3, 'must say why in at least 3 characters').max(2000),
  })
  .strict();
export type DecideBreakGlassReviewRequest = z.infer<typeof decideBreakGlassReviewRequest>;

export const breakGlassReviewIdSchema = z.string().regex(/^[0-9]{1,18}$/, 'must be the id of a review');

/** One break-glass read under review, as the lead office's supervisor and data protection officer see it. */
export const breakGlassReview = z
  .object({
    reviewId: z.string(),
    caseId: z.string(),
    resource: z.enum(caseResources),
    reader: z.object({ id: z.string(), role: z.string(), organisationId: z.string() }).strict(),
    reason: z.string(),
    openedAt: z.string().datetime(),
    /** Until when the stated reason covers the reader's further reads of the case. */
    coversUntil: z.string().datetime(),
    dueAt: z.string().datetime(),
    status: z.enum(['open', 'escalated', 'decided']),
    escalatedAt: z.string().datetime().nullable(),
    verdict: z.enum(breakGlassReviewVerdicts).nullable(),
    /** The supervisor's note; "gelöscht" once the case's personal data was erased. */
    note: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().datetime().nullable(),
    dataProtectionOfficerNotified: z.boolean(),
  })
  .strict();
export type BreakGlassReview = z.infer<typeof breakGlassReview>;

export const breakGlassReviewList = z
  .object({ organisationId: z.string(), reviews: z.array(breakGlassReview) })
  .strict();
export type BreakGlassReviewList = z.infer<typeof breakGlassReviewList>;
