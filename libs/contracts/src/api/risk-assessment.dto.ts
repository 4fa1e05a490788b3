import { z } from 'zod';
import {
  riskAssessmentOutcomes,
  riskAssessmentSteps,
  riskAssessmentOriginSchema,
  riskAssessmentInitiatorSchema,
  riskAssessmentLabelSchema,
} from '../events/risk-assessment.events';

const instant = z.string().datetime({ offset: true });
/** Free text: trimmed, at least three characters (a reason must say something), sealed by the API. */
const text = (max: number) => z.string().trim().min(3).max(max);
/** A clear label (function, service, responsible): trimmed, printable only (see the event schema). */
const label = (max: number) => z.string().trim().pipe(riskAssessmentLabelSchema(max));
const id = z.string().regex(/^[A-Za-z0-9:._@-]{1,128}$/, 'must be an id');

/** POST /cases/:caseId/risk-assessments: the concern and where it came from. */
export const startRiskAssessmentRequest = z
  .object({
    origin: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('case') }).strict(),
        z.object({ kind: z.literal('crisis'), crisisId: id }).strict(),
        z.object({ kind: z.literal('kkg_report'), reportId: id }).strict(),
      ])
      .default({ kind: 'case' }),
    concern: text(20_000),
  })
  .strict();
export type StartRiskAssessmentRequest = z.infer<typeof startRiskAssessmentRequest>;

/** POST …/:assessmentId/specialist: the insoweit erfahrene Fachkraft a Träger consulted (§8a (4)). */
export const consultSpecialistRequest = z
  .object({
    specialistName: text(200),
    specialistOrganisation: label(200),
    consultedAt: instant,
  })
  .strict();
export type ConsultSpecialistRequest = z.infer<typeof consultSpecialistRequest>;

/** POST …/:assessmentId/joint-assessment: at least two professionals, who and when. */
export const recordJointAssessmentRequest = z
  .object({
    professionals: z
      .array(z.object({ professionalId: id, organisationId: id, function: label(100) }).strict())
      .min(2, 'at least two professionals assess together (§8a (1) SGB VIII)')
      .max(20)
      .refine((ps) => new Set(ps.map((p) => p.professionalId)).size === ps.length, 'each professional once'),
    assessedAt: instant,
    assessment: text(20_000),
  })
  .strict();
export type RecordJointAssessmentRequest = z.infer<typeof recordJointAssessmentRequest>;

const involvement = z.discriminatedUnion('involved', [
  z.object({ involved: z.literal(true), at: instant }).strict(),
  z.object({ involved: z.literal(false), reason: text(2_000) }).strict(),
]);

/** POST …/:assessmentId/family-involvement: child and guardians involved, or why not. */
export const recordFamilyInvolvementRequest = z.object({ youngPerson: involvement, guardians: involvement }).strict();
export type RecordFamilyInvolvementRequest = z.infer<typeof recordFamilyInvolvementRequest>;

/** POST …/:assessmentId/decision: the outcome, who (the caller) and why. */
export const decideRiskAssessmentRequest = z
  .object({
    outcome: z.enum(riskAssessmentOutcomes),
    reason: text(5_000),
    helpOffer: text(5_000).optional(),
    protectiveSteps: z
      .array(
        z
          .object({
            action: text(2_000),
            responsible: label(200),
            dueBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)'),
          })
          .strict(),
      )
      .max(30)
      .optional(),
    reviewAt: instant.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.outcome === 'help_needed' && !b.helpOffer) {
      ctx.addIssue({ code: 'custom', path: ['helpOffer'], message: 'help needed: name the offer made' });
    }
    if (b.outcome === 'protective_steps' && !b.protectiveSteps?.length) {
      ctx.addIssue({ code: 'custom', path: ['protectiveSteps'], message: 'a risk needs a plan of protective steps' });
    }
  });
export type DecideRiskAssessmentRequest = z.infer<typeof decideRiskAssessmentRequest>;

/** POST …/:assessmentId/review: the review on its date; closes the assessment. */
export const recordRiskAssessmentReviewRequest = z.object({ note: text(5_000) }).strict();
export type RecordRiskAssessmentReviewRequest = z.infer<typeof recordRiskAssessmentReviewRequest>;

export const riskAssessmentIdSchema = z
  .string()
  .regex(/^risk-assessment-[A-Za-z0-9.-]{3,130}-[0-9a-f]{20}$/, 'must be a risk assessment id');

/** The assessment as the API answers: steps with their deadlines and state; texts only on request. */
export const riskAssessmentViewSchema = z
  .object({
    assessmentId: z.string(),
    caseId: z.string(),
    phase: z.enum(['assessing', 'decided', 'closed']),
    origin: riskAssessmentOriginSchema,
    initiator: riskAssessmentInitiatorSchema,
    startedAt: z.string(),
    steps: z.array(
      z
        .object({
          step: z.enum(riskAssessmentSteps),
          status: z.enum(['open', 'reminded', 'escalated', 'done']),
          dueAt: z.string(),
        })
        .strict(),
    ),
    outcome: z.enum(riskAssessmentOutcomes).nullable(),
    decidedAt: z.string().nullable(),
    reviewAt: z.string().nullable(),
  })
  .strict();
export const riskAssessmentListSchema = z.object({ items: z.array(riskAssessmentViewSchema) }).strict();

const opened = z.string();
const involvementRead = z.union([
  z.object({ involved: z.literal(true), at: z.string() }).strict(),
  z.object({ involved: z.literal(false), reason: opened }).strict(),
]);

/**
 * GET …/risk-assessments/:assessmentId: the view and what was written at each step, opened for a
 * reader the API let in (access-logged). Erased text reads "gelöscht".
 */
export const riskAssessmentDetailSchema = riskAssessmentViewSchema.extend({
  record: z
    .object({
      concern: opened,
      specialist: z.object({ name: opened, organisation: opened, consultedAt: z.string() }).strict().nullable(),
      jointAssessment: z
        .object({
          professionals: z.array(
            z.object({ professionalId: z.string(), organisationId: z.string(), function: z.string() }).strict(),
          ),
          assessedAt: z.string(),
          assessment: opened,
        })
        .strict()
        .nullable(),
      familyInvolvement: z.object({ youngPerson: involvementRead, guardians: involvementRead }).strict().nullable(),
      decision: z
        .object({
          outcome: z.enum(riskAssessmentOutcomes),
          reason: opened,
          helpOffer: opened.optional(),
          protectiveSteps: z
            .array(z.object({ action: opened, responsible: z.string(), dueBy: z.string() }).strict())
            .optional(),
          decidedBy: z.string(),
          decidedAt: z.string(),
        })
        .strict()
        .nullable(),
      review: z.object({ note: opened, reviewedBy: z.string(), reviewedAt: z.string() }).strict().nullable(),
    })
    .strict(),
});
export type RiskAssessmentDetail = z.infer<typeof riskAssessmentDetailSchema>;
