import { z } from 'zod';
import { caseIdSchema } from './crisis.events';
import { sealedTextSchema } from './sealed-value';

/*
 * §4 KKG (issue 18 part 2): a professional bound to confidentiality (a doctor, a clinic, a
 * psychotherapist, a teacher …) reports weighty indications to the youth office, which must tell the
 * reporter whether it sees them confirmed and whether it is acting (§4 (4) KKG) — nothing more.
 * The concern is sealed under the young person's key; the feedback is two yes/no answers.
 */

export const kkgReporterProfessions = [
  'doctor',
  'clinic',
  'psychotherapist',
  'midwife',
  'counsellor',
  'teacher',
  'other',
] as const;
export type KkgReporterProfession = (typeof kkgReporterProfessions)[number];

const iso = z.string().datetime();
const idText = z.string().regex(/^[A-Za-z0-9:._@-]{1,128}$/, 'must be an id');
const base = { reportId: idText, caseId: caseIdSchema };

export const kkgReporterSchema = z
  .object({ organisationId: idText, profession: z.enum(kkgReporterProfessions) })
  .strict();
export type KkgReporter = z.infer<typeof kkgReporterSchema>;

export const kkgReportReceivedV1 = z
  .object({
    ...base,
    reporter: kkgReporterSchema,
    /** In the app by the reporter, or recorded by the youth office from a phone call. */
    channel: z.enum(['app', 'phone']),
    /** The case's lead office, which owes the feedback (its Leitung hears of a missed deadline). */
    leadOrganisationId: idText,
    concern: sealedTextSchema,
    feedbackDueAt: iso,
    recordedBy: idText,
    receivedAt: iso,
  })
  .strict();

/** §4 (4) KKG: whether the indications are confirmed and whether the youth office acts. No details. */
export const kkgFeedbackGivenV1 = z
  .object({
    ...base,
    riskConfirmed: z.boolean(),
    acting: z.boolean(),
    reporterOrganisationId: idText,
    givenBy: idText,
    givenAt: iso,
  })
  .strict();

export const kkgFeedbackReminderSentV1 = z.object({ ...base, missedDueAt: iso, newDueAt: iso, sentAt: iso }).strict();

export const kkgFeedbackOverdueEscalatedV1 = z
  .object({
    ...base,
    missedDueAt: iso,
    escalatedTo: z.literal('supervisor'),
    /** The lead office whose Leitung gets the escalation. */
    organisationId: idText,
    escalatedAt: iso,
  })
  .strict();

/**
 * The reporter took note of the feedback ("zur Kenntnis genommen"): its inbox entry leaves the open
 * list. Stream `kkg-acknowledgements-<caseId>` (not the case stream, whose versions the workflows
 * append against); no free text.
 */
export const kkgFeedbackAcknowledgedV1 = z
  .object({
    ...base,
    reporterOrganisationId: idText,
    acknowledgedBy: idText,
    acknowledgedAt: iso,
  })
  .strict();
export const kkgAcknowledgementStreamId = (caseId: string) => `kkg-acknowledgements-${caseId}`;

export const kkgFeedbackEventSchemas = {
  KkgReportReceived: { schemaVersion: 1, schema: kkgReportReceivedV1 },
  KkgFeedbackGiven: { schemaVersion: 1, schema: kkgFeedbackGivenV1 },
  KkgFeedbackReminderSent: { schemaVersion: 1, schema: kkgFeedbackReminderSentV1 },
  KkgFeedbackOverdueEscalated: { schemaVersion: 1, schema: kkgFeedbackOverdueEscalatedV1 },
  KkgFeedbackAcknowledged: { schemaVersion: 1, schema: kkgFeedbackAcknowledgedV1 },
} as const;

type Schemas = typeof kkgFeedbackEventSchemas;
export type KkgFeedbackEventType = keyof Schemas;
export type KkgFeedbackEvent = {
  [K in KkgFeedbackEventType]: { type: K; data: z.infer<Schemas[K]['schema']> };
}[KkgFeedbackEventType];
export const isKkgFeedbackEventType = (type: string): type is KkgFeedbackEventType =>
  Object.hasOwn(kkgFeedbackEventSchemas, type);
