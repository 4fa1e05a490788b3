import { z } from 'zod';
import { kkgReporterProfessions } from '../events/kkg-feedback.events';

const id = z.string().regex(/^[A-Za-z0-9:._@-]{1,128}$/, 'must be an id');

/**
 * POST /cases/:caseId/kkg-reports: a concern reported under §4 KKG. A clinic or Träger reports in
 * the app for its own organisation; the youth office records a phone call and names the reporter's
 * organisation (`reporterOrganisationId`).
 */
export const reportKkgConcernRequest = z
  .object({
    profession: z.enum(kkgReporterProfessions),
    concern: z.string().trim().min(3).max(20_000),
    reporterOrganisationId: id.optional(),
  })
  .strict();
export type ReportKkgConcernRequest = z.infer<typeof reportKkgConcernRequest>;

/** POST …/kkg-reports/:reportId/feedback: §4 (4) KKG, two answers and nothing more. */
export const giveKkgFeedbackRequest = z.object({ riskConfirmed: z.boolean(), acting: z.boolean() }).strict();
export type GiveKkgFeedbackRequest = z.infer<typeof giveKkgFeedbackRequest>;

export const kkgReportIdSchema = z
  .string()
  .regex(/^kkg-report-[A-Za-z0-9.-]{3,130}-[0-9a-f]{20}$/, 'must be a §4 KKG report id');

export const kkgReportViewSchema = z
  .object({
    reportId: z.string(),
    caseId: z.string(),
    reporter: z.object({ organisationId: z.string(), profession: z.enum(kkgReporterProfessions) }).strict(),
    channel: z.enum(['app', 'phone']),
    receivedAt: z.string(),
    feedbackDueAt: z.string(),
    status: z.enum(['awaiting_feedback', 'reminded', 'escalated', 'given']),
    feedback: z.object({ riskConfirmed: z.boolean(), acting: z.boolean(), givenAt: z.string() }).strict().nullable(),
  })
  .strict();
export const kkgReportListSchema = z.object({ items: z.array(kkgReportViewSchema) }).strict();

/** POST …/kkg-reports/:reportId/acknowledgement: the reporter took note of the feedback. */
export const kkgFeedbackAcknowledgementSchema = z
  .object({ reportId: z.string(), acknowledgedAt: z.string().datetime() })
  .strict();
export type KkgFeedbackAcknowledgement = z.infer<typeof kkgFeedbackAcknowledgementSchema>;
