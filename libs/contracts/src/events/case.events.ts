import { z } from 'zod';
import { caseIdSchema } from './crisis.events';
import { freeTextSchema, sealedTextSchema, sealedValueSchema } from './sealed-value';

/** The young person's personal data as sealed inside CaseRegistered. Never stored in clear. */
export const youngPersonDetails = z
  .object({
    givenName: z.string().trim().min(1).max(100),
    familyName: z.string().trim().min(1).max(100),
    dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    address: z.string().trim().max(300).optional(),
  })
  .strict();
export type YoungPersonDetails = z.infer<typeof youngPersonDetails>;

export const caseRegisteredV1 = z
  .object({
    caseId: caseIdSchema,
    youngPersonSubjectId: z.string().min(1),
    youngPerson: sealedValueSchema,
    leadOrganisationId: z.string().min(1),
    /** The Träger that cares for the young person (may trigger a crisis for the case). */
    careProviderOrganisationId: z.string().min(1).max(128).optional(),
    registeredAt: z.string().datetime(),
  })
  .strict();
export type CaseRegisteredData = z.infer<typeof caseRegisteredV1>;

/** Version 1 kept the reason in clear; read through the upcaster (docs/adr/0018). */
export const legalHoldPlacedV1 = z
  .object({ caseId: caseIdSchema, reason: z.string().min(3).max(500), placedAt: z.string().datetime() })
  .strict();
/** The reason sealed under the young person's key: after an erasure it reads "gelöscht". */
export const legalHoldPlacedV2 = z
  .object({ caseId: caseIdSchema, reason: sealedTextSchema, placedAt: z.string().datetime() })
  .strict();
export const legalHoldPlacedRead = legalHoldPlacedV2.extend({ reason: freeTextSchema });

/** Version 1 kept the reason in clear; read through the upcaster (docs/adr/0018). */
export const dataSubjectErasedV1 = z
  .object({
    caseId: caseIdSchema,
    subjectId: z.string().min(1),
    reason: z.string().min(3).max(500),
    erasedAt: z.string().datetime(),
  })
  .strict();
/**
 * The reason sealed under the very key the erasure destroys (in the same transaction): it is
 * unreadable from the moment the event commits. Who erased and when stay in the metadata.
 */
export const dataSubjectErasedV2 = dataSubjectErasedV1.extend({ reason: sealedTextSchema });
export const dataSubjectErasedRead = dataSubjectErasedV2.extend({ reason: freeTextSchema });

/** What a break-glass read may open; mirrors the access log's resources. */
export const caseResources = [
  'case',
  'timeline',
  'timeline_export',
  /** A crisis's live state (GET /cases/:caseId/crises/:crisisId). */
  'crisis',
  /** The Hilfeplanung's live state and the plan in force. */
  'hilfeplanung',
  'hilfeplan',
  /** A task's need-to-know briefing (GET …/tasks/:taskId/briefing). */
  'briefing',
  /** A crisis's situation report, per audience (GET …/crises/:crisisId/lagebild[.pdf]). */
  'lagebild',
  /** The §8a risk assessments of a case (GET …/risk-assessments[/:assessmentId]). */
  'risk_assessment',
  /** The §4 KKG reports of a case and the feedback given (GET …/kkg-reports). */
  'kkg_report',
] as const;
export type CaseResource = (typeof caseResources)[number];

/**
 * Someone outside the case's lead organisation read it in an emergency, stating a reason. The
 * event is the review item for the lead organisation's supervisor: it shows in the case timeline,
 * which the supervisor audits. The reader is the event's actor (metadata).
 */
export const breakGlassAccessV1 = z
  .object({
    caseId: caseIdSchema,
    /** The row in case_access_log that recorded the read. */
    accessId: z.string().regex(/^\d+$/),
    resource: z.enum(caseResources),
    reason: z.string().trim().min(10).max(500),
    leadOrganisationId: z.string().min(1),
    accessedAt: z.string().datetime(),
  })
  .strict();

/**
 * The break-glass reason sealed under the case's subject key (docs/adr/0018): an emergency
 * reader's words about the young person are personal data like every other free text.
 */
export const breakGlassAccessV2 = breakGlassAccessV1.extend({ reason: sealedTextSchema });
/** As readers get it: version 1 events upcast carry their legacy clear text. */
export const breakGlassAccessRead = breakGlassAccessV2.extend({ reason: freeTextSchema });
export type BreakGlassAccessData = z.infer<typeof breakGlassAccessRead>;

export const caseEventSchemas = {
  CaseRegistered: { schemaVersion: 1, schema: caseRegisteredV1 },
  LegalHoldPlaced: { schemaVersion: 2, schema: legalHoldPlacedV2, read: legalHoldPlacedRead },
  DataSubjectErased: { schemaVersion: 2, schema: dataSubjectErasedV2, read: dataSubjectErasedRead },
  BreakGlassAccess: { schemaVersion: 2, schema: breakGlassAccessV2, read: breakGlassAccessRead },
} as const;
