import { briefingFields } from './briefing.dto';
import { z } from 'zod';
import type { SameShape } from './same-shape';
import { roles } from '../auth/roles';
import { crisisParties, notAdmittedFollowUps, type CooperationAgreement } from '../workflow/cooperation-agreement';

/** Ids of agreements, organisations and contacts: URL-safe, no personal data. */
export const agreementIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'must be a lower-case slug');
export const agreementVersionSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'must be a version label (letters, digits, . _ -)');

const id = z.string().trim().min(1).max(100);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const minutes = z
  .number()
  .int()
  .positive()
  .max(7 * 24 * 60);

const officeHours = z
  .object({
    timeZone: z.literal('Europe/Berlin'),
    weekly: z.array(
      z
        .object({
          day: z.union([
            z.literal(1),
            z.literal(2),
            z.literal(3),
            z.literal(4),
            z.literal(5),
            z.literal(6),
            z.literal(7),
          ]),
          opens: hhmm,
          closes: hhmm,
        })
        .strict(),
    ),
    closedOn: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')),
  })
  .strict();

const organisation = z
  .object({
    id,
    name: z.string().trim().min(1).max(200),
    roles: z
      .array(
        z.enum([
          'youth_office',
          'youth_office_on_call',
          'provider',
          'clinic',
          'ambulance_dispatch',
          'guardian_contact',
        ]),
      )
      .min(1),
    officeHours: officeHours.optional(),
  })
  .strict();

/** Seconds a channel gets to deliver before the next is tried: at least 2 s, at most an hour. */
const windowSeconds = z.number().int().min(2).max(3_600);
const channelWindows = z
  .object({
    in_app: windowSeconds.optional(),
    phone: windowSeconds.optional(),
    voice: windowSeconds.optional(),
    email: windowSeconds.optional(),
  })
  .strict()
  .optional();
const days = z.number().int().positive().max(366);
const hilfeplanungDeadlines = z
  .object({
    scheduleMeetingWithinDays: days.optional(),
    statementDueDays: days.optional(),
    statementGraceDays: z.number().int().min(0).max(366).optional(),
    meetingReminderHoursBefore: z
      .number()
      .int()
      .min(0)
      .max(30 * 24)
      .optional(),
    reviewIntervalMonths: z.number().int().positive().max(36).optional(),
  })
  .strict();
const grantedFields = z.array(z.enum(briefingFields)).max(briefingFields.length).optional();

const contact = z
  .object({
    id,
    organisationId: id,
    kind: z.enum(['desk', 'on_call', 'supervisor', 'guardian']),
    label: z.string().trim().min(1).max(200),
    channels: z
      .array(
        z.object({ kind: z.enum(['in_app', 'phone', 'voice', 'email']), address: z.string().min(1).max(200) }).strict(),
      )
      .min(1),
  })
  .strict();

const route = z
  .object({
    firstContactId: id,
    ackDeadlineMinutes: minutes,
    escalation: z.array(
      z
        .object({ kind: z.enum(['next_contact', 'on_call', 'supervisor']), contactId: id, ackDeadlineMinutes: minutes })
        .strict(),
    ),
  })
  .strict();

const partyProtocol = z
  .object({
    party: z.enum(crisisParties),
    actingRoles: z.array(z.string().min(1)).min(1),
    route,
    outsideOfficeHours: route.optional(),
    routesByOrganisation: z
      .array(z.object({ organisationId: id, route }).strict())
      .max(50)
      .optional(),
    whenChainExhausted: z.enum(['supervisor', 'document_unreachable']),
  })
  .strict();

const parties = z
  .object(
    Object.fromEntries(crisisParties.map((p) => [p, partyProtocol])) as Record<
      (typeof crisisParties)[number],
      typeof partyProtocol
    >,
  )
  .strict();

/** A whole cooperation agreement version, as published and as served. */
export const cooperationAgreementSchema = z
  .object({
    agreementId: agreementIdSchema,
    version: agreementVersionSchema,
    region: z.string().trim().min(1).max(200),
    validFrom: z.string().datetime(),
    organisations: z.array(organisation).min(1),
    contacts: z.array(contact).min(1),
    supervisorContactId: id,
    parties,
    familyCourtDecision: z
      .object({
        kind: z.literal('family_court_decision'),
        ownerParty: z.enum(crisisParties),
        actingRoles: z.array(z.string().min(1)).min(1),
        deadline: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('end_of_following_day') }).strict(),
          z.object({ kind: z.literal('within_hours'), hours: z.number().int().positive().max(720) }).strict(),
        ]),
        legalBasis: z.string().trim().min(1).max(300),
      })
      .strict(),
    notAdmittedFollowUps: z.array(z.enum(notAdmittedFollowUps)),
    briefings: z
      .object({
        ambulance: grantedFields,
        clinic: grantedFields,
        youth_office: grantedFields,
        provider: grantedFields,
        guardian: grantedFields,
        family_court_decision: grantedFields,
      })
      .strict()
      .optional(),
    deliveryWindows: z
      .object({ immediate: channelWindows, urgent: channelWindows, soon: channelWindows })
      .strict()
      .optional(),
    hilfeplanung: hilfeplanungDeadlines.optional(),
    kkgFeedback: z
      .object({ feedbackWithinDays: days.optional(), reminderGraceDays: days.optional() })
      .strict()
      .optional(),
    riskAssessment: z
      .object({
        specialistConsultationWithinHours: z.number().int().positive().max(720).optional(),
        jointAssessmentWithinHours: z.number().int().positive().max(720).optional(),
        familyInvolvementWithinDays: days.optional(),
        decisionWithinDays: days.optional(),
        reminderGraceHours: z.number().int().positive().max(720).optional(),
        reviewAfterDays: days.optional(),
      })
      .strict()
      .optional(),
    breakGlass: z
      .object({
        roles: z.array(z.enum(roles)).max(roles.length).optional(),
        coverMinutes: z
          .number()
          .int()
          .positive()
          .max(12 * 60)
          .optional(),
        reviewDeadlineHours: z
          .number()
          .int()
          .positive()
          .max(30 * 24)
          .optional(),
      })
      .strict()
      .optional(),
    qualityCauseCategories: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, 'must be a cause category id (a–z, digits, _)'),
            label: z.string().trim().min(1).max(80),
          })
          .strict(),
      )
      .min(1)
      .max(20)
      .optional(),
    declineReasonCategories: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, 'must be a decline reason category id (a–z, digits, _)'),
            label: z.string().trim().min(1).max(80),
          })
          .strict(),
      )
      .min(1)
      .max(20)
      .optional(),
  })
  .strict();

// The schema must describe exactly the contract type the engine runs on.
const sameShape: SameShape<z.infer<typeof cooperationAgreementSchema>, CooperationAgreement> = true;
void sameShape;

/** POST /agreements/:agreementId/versions — the new version; its agreementId comes from the path. */
export const publishAgreementVersionRequest = cooperationAgreementSchema.omit({ agreementId: true }).strict();
export type PublishAgreementVersionRequest = z.infer<typeof publishAgreementVersionRequest>;

const signature = z
  .object({
    organisationId: id,
    /** Pseudonymous id of the administrator who signed; `built-in` for versions shipped with the code. */
    by: z.string(),
    at: z.string().datetime(),
  })
  .strict();

export const agreementVersionSummary = z
  .object({
    version: agreementVersionSchema,
    validFrom: z.string().datetime(),
    /** `built_in`: shipped with the code (signed by all partners); `published`: proposed through the API. */
    source: z.enum(['built_in', 'published']),
    publishedAt: z.string().datetime().nullable(),
    /**
     * `proposed`: not every named organisation signed; `scheduled`: signed by all, in force from
     * `inForceFrom`; `in_force`: governs new crises now; `superseded`: signed and standing, but a
     * later version governs; `ended`: a partner withdrew its signature.
     */
    status: z.enum(['proposed', 'scheduled', 'in_force', 'superseded', 'ended']),
    /** max(validFrom, last signature) once every named organisation signed; else null. */
    inForceFrom: z.string().datetime().nullable(),
    endedAt: z.string().datetime().nullable(),
    signatures: z.array(signature),
    /** Named organisations whose administrator has not signed. */
    missingSignatures: z.array(id),
    withdrawn: signature.nullable(),
  })
  .strict();
export type AgreementVersionSummary = z.infer<typeof agreementVersionSummary>;

/** One difference between a version and the version in force (libs/domain `agreementDiff`). */
export const agreementDiffResponse = z
  .object({
    agreementId: agreementIdSchema,
    version: agreementVersionSchema,
    /** The version compared against: the one in force now; null when none is. */
    against: agreementVersionSchema.nullable(),
    changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() }).strict()),
  })
  .strict();
export type AgreementDiffResponse = z.infer<typeof agreementDiffResponse>;

/** GET /agreements */
export const agreementList = z
  .object({
    agreements: z.array(
      z
        .object({
          agreementId: agreementIdSchema,
          region: z.string(),
          /** The version governing new crises now; null when every version starts in the future. */
          inForceVersion: agreementVersionSchema.nullable(),
          versions: z.array(agreementVersionSummary),
        })
        .strict(),
    ),
  })
  .strict();
export type AgreementList = z.infer<typeof agreementList>;

/**
 * GET /organisations: every organisation of an agreement version in force now, with what it does
 * there (e.g. to pick a case's Träger or the clinic of a Hilfeplanung).
 */
export const organisationList = z
  .object({
    organisations: z.array(
      z
        .object({
          id,
          name: z.string(),
          roles: organisation.shape.roles,
          agreementId: agreementIdSchema,
          agreementVersion: agreementVersionSchema,
        })
        .strict(),
    ),
  })
  .strict();
export type OrganisationList = z.infer<typeof organisationList>;
