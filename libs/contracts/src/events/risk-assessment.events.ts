import { z } from 'zod';
import { caseIdSchema } from './crisis.events';
import { sealedTextSchema } from './sealed-value';

/*
 * The §8a SGB VIII risk assessment (Gefährdungseinschätzung, issue 18 part 1). Every free text
 * (the concern, the assessment, reasons, the help offered, protective steps, the specialist's
 * name) is sealed under the young person's key before it leaves the API (docs/adr/0018, 0027):
 * events carry ids, categories and instants in clear, nothing a person wrote.
 */

/** What led to the assessment: a case, a crisis, or a §4 KKG report of a professional. */
export const riskAssessmentOriginKinds = ['case', 'crisis', 'kkg_report'] as const;
export type RiskAssessmentOriginKind = (typeof riskAssessmentOriginKinds)[number];

/** The steps that have a deadline from the agreement (and a reminder, then the supervisor). */
export const riskAssessmentSteps = [
  'specialist_consultation',
  'joint_assessment',
  'family_involvement',
  'decision',
  'review',
] as const;
export type RiskAssessmentStep = (typeof riskAssessmentSteps)[number];

/**
 * The outcome of the assessment: no risk; help needed (an offer made); a risk met by protective
 * steps (a plan with responsible and due date); taking into care (§42); calling on the family
 * court (§8a (2)).
 */
export const riskAssessmentOutcomes = [
  'no_risk',
  'help_needed',
  'protective_steps',
  'inobhutnahme',
  'family_court',
] as const;
export type RiskAssessmentOutcome = (typeof riskAssessmentOutcomes)[number];

/** Outcomes of urgent danger (§8a (2), (3), §42): decided without waiting for the family's involvement. */
export const urgentRiskAssessmentOutcomes: readonly RiskAssessmentOutcome[] = ['inobhutnahme', 'family_court'];

const iso = z.string().datetime();
const idText = z.string().regex(/^[A-Za-z0-9:._@-]{1,128}$/, 'must be an id');
const base = { assessmentId: idText, caseId: caseIdSchema };

/**
 * A short label that stays clear in the log (a function, a service, who is responsible): one line
 * of printable text. No control characters (Postgres refuses \u0000 in
 * jsonb, which would leave the recording activity retrying for ever) and no unpaired surrogates.
 */
export const riskAssessmentLabelSchema = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    // Written without \p{…} classes: the OpenAPI pattern must hold in other regex dialects (the fuzzer's).
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]+$/, 'no control characters');

export const riskAssessmentOriginSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case') }).strict(),
  z.object({ kind: z.literal('crisis'), crisisId: idText }).strict(),
  z.object({ kind: z.literal('kkg_report'), reportId: idText }).strict(),
]);
export type RiskAssessmentOrigin = z.infer<typeof riskAssessmentOriginSchema>;

/** Who started it: the youth office itself, or a Träger under its §8a (4) agreement. */
export const riskAssessmentInitiatorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('youth_office'), organisationId: idText }).strict(),
  z.object({ kind: z.literal('provider'), organisationId: idText }).strict(),
]);
export type RiskAssessmentInitiator = z.infer<typeof riskAssessmentInitiatorSchema>;

const deadlines = z
  .object({
    specialist_consultation: iso.optional(),
    joint_assessment: iso,
    family_involvement: iso,
    decision: iso,
  })
  .strict();

export const riskAssessmentStartedV1 = z
  .object({
    ...base,
    origin: riskAssessmentOriginSchema,
    initiator: riskAssessmentInitiatorSchema,
    /** The case's lead office: its Leitung receives escalations. */
    leadOrganisationId: idText,
    /** The weighty indications (gewichtige Anhaltspunkte) as written: sealed. */
    concern: sealedTextSchema,
    deadlines,
    startedBy: idText,
    startedAt: iso,
  })
  .strict();

/** §8a (4) no. 2: the insoweit erfahrene Fachkraft consulted by the Träger, named (sealed). */
export const riskAssessmentSpecialistConsultedV1 = z
  .object({
    ...base,
    specialistName: sealedTextSchema,
    /** The specialist's organisation or service (a counselling centre), not a person. */
    specialistOrganisation: riskAssessmentLabelSchema(200),
    consultedAt: iso,
    recordedBy: idText,
    recordedAt: iso,
  })
  .strict();

export const riskAssessmentProfessionalSchema = z
  .object({
    /** The professional's account id (pseudonymous, like every actor id in the log). */
    professionalId: idText,
    organisationId: idText,
    /** Their function in the assessment, e.g. "fallführende Fachkraft", "Teamleitung". */
    function: riskAssessmentLabelSchema(100),
  })
  .strict();

/** §8a (1): several professionals assessed together (Zusammenwirken mehrerer Fachkräfte). */
export const riskAssessmentJointAssessmentRecordedV1 = z
  .object({
    ...base,
    professionals: z.array(riskAssessmentProfessionalSchema).min(2),
    assessedAt: iso,
    assessment: sealedTextSchema,
    recordedBy: idText,
    recordedAt: iso,
  })
  .strict();

export const riskAssessmentInvolvementSchema = z.discriminatedUnion('involved', [
  z.object({ involved: z.literal(true), at: iso }).strict(),
  /** Not involved because that would defeat the child's protection: the reason, sealed. */
  z.object({ involved: z.literal(false), reason: sealedTextSchema }).strict(),
]);

export const riskAssessmentFamilyInvolvementRecordedV1 = z
  .object({
    ...base,
    youngPerson: riskAssessmentInvolvementSchema,
    guardians: riskAssessmentInvolvementSchema,
    recordedBy: idText,
    recordedAt: iso,
  })
  .strict();

export const riskAssessmentProtectiveStepSchema = z
  .object({
    stepId: idText,
    action: sealedTextSchema,
    /** Who is responsible: a function or organisation label, never a name. */
    responsible: riskAssessmentLabelSchema(200),
    dueBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  })
  .strict();

export const riskAssessmentDecidedV1 = z
  .object({
    ...base,
    outcome: z.enum(riskAssessmentOutcomes),
    /** Why: required for every outcome. */
    reason: sealedTextSchema,
    helpOffer: sealedTextSchema.optional(),
    protectiveSteps: z.array(riskAssessmentProtectiveStepSchema).optional(),
    decidedBy: idText,
    decidedAt: iso,
    reviewAt: iso,
  })
  .strict();

export const riskAssessmentReminderSentV1 = z
  .object({ ...base, step: z.enum(riskAssessmentSteps), missedDueAt: iso, newDueAt: iso, sentAt: iso })
  .strict();

export const riskAssessmentEscalatedV1 = z
  .object({
    ...base,
    step: z.enum(riskAssessmentSteps),
    missedDueAt: iso,
    escalatedTo: z.literal('supervisor'),
    /** The lead office whose supervisor (Leitung) gets the escalation in its inbox. */
    organisationId: idText,
    escalatedAt: iso,
  })
  .strict();

export const riskAssessmentReviewRecordedV1 = z
  .object({ ...base, note: sealedTextSchema, reviewedBy: idText, reviewedAt: iso })
  .strict();

export const riskAssessmentEventSchemas = {
  RiskAssessmentStarted: { schemaVersion: 1, schema: riskAssessmentStartedV1 },
  RiskAssessmentSpecialistConsulted: { schemaVersion: 1, schema: riskAssessmentSpecialistConsultedV1 },
  RiskAssessmentJointAssessmentRecorded: { schemaVersion: 1, schema: riskAssessmentJointAssessmentRecordedV1 },
  RiskAssessmentFamilyInvolvementRecorded: { schemaVersion: 1, schema: riskAssessmentFamilyInvolvementRecordedV1 },
  RiskAssessmentDecided: { schemaVersion: 1, schema: riskAssessmentDecidedV1 },
  RiskAssessmentReminderSent: { schemaVersion: 1, schema: riskAssessmentReminderSentV1 },
  RiskAssessmentEscalated: { schemaVersion: 1, schema: riskAssessmentEscalatedV1 },
  RiskAssessmentReviewRecorded: { schemaVersion: 1, schema: riskAssessmentReviewRecordedV1 },
} as const;

type Schemas = typeof riskAssessmentEventSchemas;
export type RiskAssessmentEventType = keyof Schemas;
/** The risk-assessment events as a discriminated union, derived from their schemas. */
export type RiskAssessmentEvent = {
  [K in RiskAssessmentEventType]: { type: K; data: z.infer<Schemas[K]['schema']> };
}[RiskAssessmentEventType];
export const isRiskAssessmentEventType = (type: string): type is RiskAssessmentEventType =>
  Object.hasOwn(riskAssessmentEventSchemas, type);
