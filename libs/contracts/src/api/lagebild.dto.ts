import { z } from 'zod';
import {
  acknowledgementMethods,
  admissionDecisions,
  dangerKinds,
  supersededBy,
  urgencies,
} from '../events/crisis.events';
import { crisisParties, notAdmittedFollowUps } from '../workflow/cooperation-agreement';

/**
 * Who a situation report (Lagebild, issue 11 §5) is cut for:
 * - `supervisor`: everything, with the names from the sealed data (youth office, Fachaufsicht);
 * - `leitstelle` / `clinic`: the fields the agreement grants the ambulance's / clinic's briefing;
 * - `runder_tisch`: a case conference; no identifying data at all, organisations and times only.
 */
export const lagebildAudiences = ['supervisor', 'leitstelle', 'clinic', 'runder_tisch'] as const;
export type LagebildAudience = (typeof lagebildAudiences)[number];

/** GET …/lagebild(.pdf)?audience=…; without it, the widest audience the caller may read. */
export const lagebildQuery = z.object({ audience: z.enum(lagebildAudiences).optional() }).strict();
export type LagebildQuery = z.infer<typeof lagebildQuery>;

const instant = z.string().datetime();
const party = z.enum([...crisisParties, 'family_court']);
const channel = z.enum(['in_app', 'email', 'phone', 'voice']);
const organisation = z.object({ id: z.string(), name: z.string() }).strict();
const contact = z.object({ id: z.string(), label: z.string() }).strict();

/** What, where, who is affected. Absent: not for this audience; null: granted but not known (or erased). */
export const lagebildConditions = z
  .object({
    dangerKind: z.enum(dangerKinds),
    urgency: z.enum(urgencies),
    triggeredAt: instant,
    /** The organisation that triggered; the person and callback number only where granted. */
    triggeredBy: z
      .object({
        organisation,
        displayName: z.string().nullable().optional(),
        callbackPhone: z.string().nullable().optional(),
      })
      .strict(),
    location: z.string().nullable().optional(),
    situationNote: z.string().nullable().optional(),
    youngPersonName: z.string().nullable().optional(),
    dateOfBirth: z.string().nullable().optional(),
    ageYears: z.number().int().nullable().optional(),
    guardians: z
      .array(z.object({ name: z.string(), relation: z.string() }).strict())
      .nullable()
      .optional(),
    /** The clinic holding the clinic task now. */
    receivingClinic: organisation.nullable().optional(),
  })
  .strict();
export type LagebildConditions = z.infer<typeof lagebildConditions>;

/** One attempt to reach a contact on one channel, and what became of it. */
export const lagebildDelivery = z
  .object({
    contact,
    channel,
    attemptedAt: instant,
    /** `stopped`: no receipt came, and none was awaited any more (acknowledged, moved on, crisis closed). */
    outcome: z.enum(['delivered', 'not_delivered', 'pending', 'stopped']),
    /** When it was delivered or given up. */
    outcomeAt: instant.nullable(),
    cause: z.enum(['window_passed', 'channel_failed', 'not_configured', 'no_address']).nullable(),
  })
  .strict();
export type LagebildDelivery = z.infer<typeof lagebildDelivery>;

/** One party's task: who was alarmed when, how, whether it arrived, who acknowledged. */
export const lagebildTask = z
  .object({
    party,
    status: z.enum(['open', 'acknowledged', 'unreachable', 'supervisor_alerted']),
    organisation,
    contact,
    alarmedAt: instant,
    deadline: instant.nullable(),
    deliveries: z.array(lagebildDelivery),
    seenAt: instant.nullable(),
    escalations: z.number().int().min(0),
    acknowledged: z
      .object({
        at: instant,
        organisation: organisation.nullable(),
        method: z.enum(acknowledgementMethods).nullable(),
        /** The person (staff from the people directory, a guardian by name): supervisor only. */
        personName: z.string().nullable().optional(),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type LagebildTask = z.infer<typeof lagebildTask>;

export const lagebildActionKinds = [
  'triggered',
  'alarmed',
  'notification_attempted',
  'notification_delivered',
  'notification_not_delivered',
  'notification_seen',
  'contact_not_reached',
  'acknowledged',
  'declined',
  'escalated',
  'supervisor_alerted',
  'guardian_unreachable',
  'dispatch_reported',
  'admission_decided',
  'family_court_decision_required',
  'discharge_announced',
  'hilfeplanung_requested',
  'cancelled',
  /** Another trigger for the case while this crisis ran (or, sent late, within its run): recorded here, nothing started. */
  'trigger_joined',
  /** An answer given offline that the task no longer took when it arrived (docs/adr/0034). */
  'answer_superseded',
] as const;
export type LagebildActionKind = (typeof lagebildActionKinds)[number];

/** One step of the crisis, in the order of the log; only the fields its kind has. */
export const lagebildAction = z
  .object({
    at: instant,
    kind: z.enum(lagebildActionKinds),
    party: party.optional(),
    organisation: organisation.optional(),
    contact: contact.optional(),
    channel: channel.optional(),
    cause: z.string().optional(),
    deadline: instant.optional(),
    method: z.enum(acknowledgementMethods).optional(),
    /** Staff or guardian name: supervisor only. */
    personName: z.string().nullable().optional(),
    /** Free text (decline, cancellation): supervisor only. */
    reason: z.string().optional(),
    /** The Leitstelle's operation number: not for the Runder Tisch. */
    dispatchReference: z.string().optional(),
    expectedArrivalAt: instant.nullable().optional(),
    decision: z.enum(admissionDecisions).optional(),
    followUp: z.enum(notAdmittedFollowUps).nullable().optional(),
    plannedFor: instant.optional(),
    /** Done offline: the device time of acting, `bounded` when the device's clock was implausible. */
    actedOnDevice: z.object({ at: instant, bounded: z.boolean() }).strict().optional(),
    /** `answer_superseded`: the answer tried, and what had happened instead. */
    answer: z.enum(['acknowledge', 'decline']).optional(),
    instead: z.enum(supersededBy).optional(),
    /** `trigger_joined`: it arrived after the crisis had ended and was recorded within its run. */
    afterEnd: z.boolean().optional(),
  })
  .strict();
export type LagebildAction = z.infer<typeof lagebildAction>;

export const lagebildActions = z
  .object({
    tasks: z.array(lagebildTask),
    ambulance: z
      .object({
        /** Absent for the Runder Tisch. */
        dispatchReference: z.string().optional(),
        reportedAt: instant,
        expectedArrivalAt: instant.nullable(),
        organisation: organisation.nullable(),
      })
      .strict()
      .nullable(),
    admission: z
      .object({
        decision: z.enum(admissionDecisions),
        followUp: z.enum(notAdmittedFollowUps).nullable(),
        decidedAt: instant,
        organisation: organisation.nullable(),
      })
      .strict()
      .nullable(),
    plannedDischarge: instant.nullable(),
    cancelledAt: instant.nullable(),
    log: z.array(lagebildAction),
  })
  .strict();
export type LagebildActions = z.infer<typeof lagebildActions>;

export const lagebildGapKinds = [
  /** The guardian task is neither acknowledged nor documented as unreachable yet. */
  'guardian_not_reached',
  /** The guardian could not be reached along the whole chain. */
  'guardian_unreachable',
  'no_dispatch_reported',
  'no_eta_reported',
  'no_admission_decision',
  'family_court_decision_open',
  /** A contact was tried on every channel without a receipt. */
  'contact_not_reached',
  /** A chain ran out: the supervisor must step in. */
  'supervisor_must_act',
] as const;
export type LagebildGapKind = (typeof lagebildGapKinds)[number];

export const lagebildNeeds = z
  .object({
    openTasks: z.array(
      z
        .object({
          party,
          organisation,
          contact,
          deadline: instant.nullable(),
          /** The deadline has passed at `generatedAt`. */
          overdue: z.boolean(),
        })
        .strict(),
    ),
    missedDeadlines: z.array(
      z
        .object({
          party,
          organisation,
          contact: contact.nullable(),
          deadline: instant,
          /** What followed: the next contact, or the supervisor. */
          then: z.enum(['escalated', 'supervisor_alerted']),
          at: instant,
        })
        .strict(),
    ),
    missing: z.array(
      z
        .object({
          kind: z.enum(lagebildGapKinds),
          party: party.optional(),
          organisation: organisation.optional(),
          since: instant.nullable(),
        })
        .strict(),
    ),
  })
  .strict();
export type LagebildNeeds = z.infer<typeof lagebildNeeds>;

/** GET /cases/:caseId/crises/:crisisId/lagebild: the situation report of one crisis, cut for one audience. */
export const lagebildDto = z
  .object({
    audience: z.enum(lagebildAudiences),
    /** What the caller may ask for (the page's audience switch). */
    availableAudiences: z.array(z.enum(lagebildAudiences)),
    /** Pseudonymous references; null for the Runder Tisch (a crisis id contains the case reference). */
    caseId: z.string().nullable(),
    crisisId: z.string().nullable(),
    generatedAt: instant,
    status: z.enum(['open', 'admitted', 'not_admitted', 'discharged', 'cancelled']),
    agreement: z.object({ agreementId: z.string(), version: z.string() }).strict().nullable(),
    /** `erased`: the young person's data was erased; personal fields are null. */
    personalData: z.enum(['available', 'erased']),
    erasedAt: instant.nullable(),
    conditions: lagebildConditions,
    actions: lagebildActions,
    needs: lagebildNeeds,
  })
  .strict();
export type Lagebild = z.infer<typeof lagebildDto>;
