import { z } from 'zod';
import { caseIdSchema } from './crisis.events';
import { sealedValueSchema } from './sealed-value';

/**
 * The review of a break-glass read (issue 13, finding 3; docs/adr/0019). The review is the read's
 * own `BreakGlassAccess` event (its `accessId` names the review); these record what became of it,
 * on the case stream beside it. Pseudonymous ids only; the supervisor's note is sealed under the
 * case's data-subject key, so it is erased with the case.
 */
const reviewRef = {
  caseId: caseIdSchema,
  /** The `accessId` of the BreakGlassAccess under review. */
  accessId: z.string().regex(/^\d+$/),
  leadOrganisationId: z.string().min(1),
};

export const breakGlassReviewVerdicts = ['justified', 'unjustified'] as const;
export type BreakGlassReviewVerdict = (typeof breakGlassReviewVerdicts)[number];

/** The review's deadline passed undecided: the lead office's data protection officer is told. */
export const breakGlassReviewEscalatedV1 = z
  .object({
    ...reviewRef,
    dueAt: z.string().datetime(),
    escalatedAt: z.string().datetime(),
    /** The supervisor contact of the agreement the review ran under, still asked to decide. */
    supervisorContactId: z.string().min(1).nullable(),
  })
  .strict();
export type BreakGlassReviewEscalatedData = z.infer<typeof breakGlassReviewEscalatedV1>;

/** The lead office's supervisor judged the read: "berechtigt" (justified) or "nicht berechtigt". */
export const breakGlassReviewDecidedV1 = z
  .object({
    ...reviewRef,
    verdict: z.enum(breakGlassReviewVerdicts),
    /** Sealed under the case's subject key; absent for a case nobody registered (no subject). */
    note: sealedValueSchema.optional(),
    decidedAt: z.string().datetime(),
  })
  .strict();
export type BreakGlassReviewDecidedData = z.infer<typeof breakGlassReviewDecidedV1>;

/** The lead office's data protection officer was told of a break-glass read (why: `cause`). */
export const dataProtectionOfficerNotifiedV1 = z
  .object({
    ...reviewRef,
    cause: z.enum(['review_unjustified', 'review_overdue']),
    notifiedAt: z.string().datetime(),
  })
  .strict();
export type DataProtectionOfficerNotifiedData = z.infer<typeof dataProtectionOfficerNotifiedV1>;

export const breakGlassEventSchemas = {
  BreakGlassReviewEscalated: { schemaVersion: 1, schema: breakGlassReviewEscalatedV1 },
  BreakGlassReviewDecided: { schemaVersion: 1, schema: breakGlassReviewDecidedV1 },
  DataProtectionOfficerNotified: { schemaVersion: 1, schema: dataProtectionOfficerNotifiedV1 },
} as const;

export type BreakGlassReviewEvent =
  | { type: 'BreakGlassReviewEscalated'; data: BreakGlassReviewEscalatedData }
  | { type: 'BreakGlassReviewDecided'; data: BreakGlassReviewDecidedData }
  | { type: 'DataProtectionOfficerNotified'; data: DataProtectionOfficerNotifiedData };
