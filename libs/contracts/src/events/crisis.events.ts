import { z } from 'zod';
import { freeTextSchema, sealedTextSchema, sealedValueSchema } from './sealed-value';
import { crisisParties, notAdmittedFollowUps } from '../workflow/cooperation-agreement';

export const dangerKinds = ['self', 'others', 'self_and_others'] as const;
export const urgencies = ['immediate', 'urgent', 'soon'] as const;
export type DangerKind = (typeof dangerKinds)[number];
export type Urgency = (typeof urgencies)[number];

export const admissionDecisions = ['admitted_voluntary', 'admitted_deprivation_of_liberty', 'not_admitted'] as const;
export type AdmissionDecision = (typeof admissionDecisions)[number];

/** An office's own case reference (Aktenzeichen), pseudonymous: never a name. Letters, digits and dashes. */
export const caseReferencePattern = /^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/;
export const caseReferenceSchema = z
  .string()
  .regex(caseReferencePattern, 'must be a pseudonymous case reference (3–64 letters, digits, dashes)');

/**
 * A case id: `<office>.<reference>`, the lead office's id (its organisation id without `org-`) and
 * its own reference, so that references are unique per office only (docs/adr/0024). A bare
 * reference stays valid: cases registered before the scoping keep their unscoped id, and a path
 * may name a case by the caller's own reference.
 */
export const caseIdPattern = /^(?:[A-Za-z0-9][A-Za-z0-9-]{0,63}\.)?[A-Za-z0-9][A-Za-z0-9-]{2,63}$/;
export const caseIdSchema = z
  .string()
  .regex(
    caseIdPattern,
    'must be a case reference (3–64 letters, digits, dashes), optionally prefixed by its office and a dot',
  );

const instant = z.string().datetime();
const id = z.string().min(1).max(128);
const taskParty = z.enum([...crisisParties, 'family_court']);
/** Who acted, pseudonymously: ids and a role, never a name. */
const actorRef = z.object({ id, role: id, organisationId: id.optional() }).strict();
const routeKind = z.enum(['office_hours', 'outside_office_hours', 'always']);
/** When a person acted by their device's clock, as the API bounded it (issue 19, docs/adr/0026). */
const deviceTimeSchema = z.object({ at: instant, bounded: z.boolean() }).strict();

export const crisisTriggeredV1 = z
  .object({
    crisisId: id,
    caseId: caseIdSchema,
    dangerKind: z.enum(dangerKinds),
    urgency: z.enum(urgencies),
    triggeredAt: instant,
    // Optional only because crises recorded before issue 4 lack it; every new crisis records it.
    agreement: z.object({ agreementId: id, version: id }).strict().optional(),
    /** Location and note (CrisisSituation), sealed under the young person's key; optional input. */
    situation: sealedValueSchema.optional(),
    /** Triggered offline and sent later (issue 19): the device time, bounded; `triggeredAt` is the arrival. */
    actedOnDevice: deviceTimeSchema.optional(),
  })
  .strict();
export type CrisisTriggeredData = z.infer<typeof crisisTriggeredV1>;

/** A party was notified and owns a task with a deadline. */
export const partyNotifiedV1 = z
  .object({
    crisisId: id,
    taskId: id,
    party: z.enum(crisisParties),
    contactId: id,
    organisationId: id,
    route: routeKind,
    notifiedAt: instant,
    deadline: instant,
  })
  .strict();
export type PartyNotifiedData = z.infer<typeof partyNotifiedV1>;

/** How a person was reached, when not by their own click: the guardian's code, a phone call, in person. */
export const acknowledgementMethods = ['in_app', 'guardian_code', 'phone_call', 'in_person'] as const;

export const taskAcknowledgedV1 = z
  .object({
    crisisId: id,
    taskId: id,
    party: taskParty,
    acknowledgedBy: actorRef,
    acknowledgedAt: instant,
    /** Absent on acknowledgements recorded before issue 11 (all of them in-app). */
    method: z.enum(acknowledgementMethods).optional(),
    /**
     * Done offline and sent later (issue 19, docs/adr/0026): when the person acted, by the device's
     * clock as the API bounded it; `acknowledgedAt` stays the time the API received it.
     */
    actedOnDevice: z.object({ at: instant, bounded: z.boolean() }).strict().optional(),
  })
  .strict();
export type TaskAcknowledgedData = z.infer<typeof taskAcknowledgedV1>;

const taskDeclinedFields = {
  crisisId: id,
  taskId: id,
  party: taskParty,
  contactId: id,
  declinedBy: actorRef,
  declinedAt: instant,
  /** Done offline and sent later (issue 19): the device time of acting, bounded; `declinedAt` is the arrival. */
  actedOnDevice: z.object({ at: instant, bounded: z.boolean() }).strict().optional(),
  /** The agreement's decline reason category chosen (clear: a category, never personal data); absent when none. */
  reasonCategory: z.string().min(1).max(48).optional(),
};
/** Version 1 kept the reason in clear; read through the upcaster (docs/adr/0018). */
export const taskDeclinedV1 = z.object({ ...taskDeclinedFields, reason: z.string().min(3).max(500) }).strict();
/** The reason sealed under the young person's key (or the case's key for a bare reference). */
export const taskDeclinedV2 = z.object({ ...taskDeclinedFields, reason: sealedTextSchema }).strict();
/** As readers get it: version 1 events upcast carry their legacy clear text. */
export const taskDeclinedRead = taskDeclinedV2.extend({ reason: freeTextSchema });
export type TaskDeclinedData = z.infer<typeof taskDeclinedRead>;

/** The task went to the next contact of the party's chain, after a missed deadline or a decline. */
export const taskEscalatedV1 = z
  .object({
    crisisId: id,
    taskId: id,
    party: taskParty,
    cause: z.enum(['deadline_missed', 'declined', 'not_reached']),
    /** The deadline that passed (only for cause deadline_missed). */
    missedDeadline: instant.optional(),
    /** Index of the escalation step in the agreement's chain, from 0. */
    step: z.number().int().min(0),
    kind: z.enum(['next_contact', 'on_call']),
    fromContactId: id,
    toContactId: id,
    toOrganisationId: id,
    escalatedAt: instant,
    deadline: instant,
  })
  .strict();
export type TaskEscalatedData = z.infer<typeof taskEscalatedV1>;

/** The end of a chain (or a supervisor step in it): the supervisor must step in. */
export const supervisorAlertedV1 = z
  .object({
    crisisId: id,
    taskId: id,
    party: taskParty,
    cause: z.enum(['deadline_missed', 'declined', 'not_reached']),
    missedDeadline: instant.optional(),
    supervisorContactId: id,
    organisationId: id,
    alertedAt: instant,
  })
  .strict();
export type SupervisorAlertedData = z.infer<typeof supervisorAlertedV1>;

/** The guardian could not be reached along the whole chain: documented, and the crisis goes on. */
export const guardianUnreachableV1 = z
  .object({
    crisisId: id,
    taskId: id,
    attempts: z.array(z.object({ contactId: id, notifiedAt: instant }).strict()).min(1),
    documentedAt: instant,
  })
  .strict();
export type GuardianUnreachableData = z.infer<typeof guardianUnreachableV1>;

/** A Leitstelle operation number: an organisational reference, never a person's data. */
export const dispatchReferenceSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9/._-]{2,39}$/,
    'must be the Leitstelle operation number (3–40 letters, digits, / . _ -)',
  );

/** The Leitstelle reports the ambulance's dispatch, and later its expected arrival when known. */
export const ambulanceDispatchReportedV1 = z
  .object({
    crisisId: id,
    taskId: id,
    dispatchReference: dispatchReferenceSchema,
    expectedArrivalAt: instant.optional(),
    reportedBy: actorRef,
    reportedAt: instant,
    /** Reported offline and sent later (issue 19): the device time, bounded; `reportedAt` is the arrival. */
    actedOnDevice: deviceTimeSchema.optional(),
  })
  .strict();
export type AmbulanceDispatchReportedData = z.infer<typeof ambulanceDispatchReportedV1>;

export const admissionDecidedV1 = z
  .object({
    crisisId: id,
    decision: z.enum(admissionDecisions),
    followUp: z.enum(notAdmittedFollowUps).optional(),
    decidedBy: actorRef,
    decidedAt: instant,
    /** Done offline and sent later (issue 19): the device time of deciding, bounded; `decidedAt` is the arrival. */
    actedOnDevice: z.object({ at: instant, bounded: z.boolean() }).strict().optional(),
  })
  .strict();
export type AdmissionDecidedData = z.infer<typeof admissionDecidedV1>;

/** Admission with deprivation of liberty: someone must obtain the family court's decision in time. */
export const familyCourtDecisionRequiredV1 = z
  .object({
    crisisId: id,
    taskId: id,
    ownerParty: z.enum(crisisParties),
    organisationId: id,
    contactId: id,
    legalBasis: z.string().min(1).max(200),
    requiredAt: instant,
    deadline: instant,
  })
  .strict();
export type FamilyCourtDecisionRequiredData = z.infer<typeof familyCourtDecisionRequiredV1>;

export const dischargeAnnouncedV1 = z
  .object({ crisisId: id, plannedFor: instant, announcedBy: actorRef, announcedAt: instant })
  .strict();
export type DischargeAnnouncedData = z.infer<typeof dischargeAnnouncedV1>;

/**
 * After discharge the clinic takes part in the help planning (§36 SGB VIII). The Hilfeplanung
 * workflow (its own issue) starts from this event.
 */
export const hilfeplanungRequestedV1 = z
  .object({
    crisisId: id,
    caseId: caseIdSchema,
    participants: z.array(z.object({ party: z.enum(crisisParties), organisationId: id }).strict()),
    requestedAt: instant,
  })
  .strict();
export type HilfeplanungRequestedData = z.infer<typeof hilfeplanungRequestedV1>;

/** Version 1 kept the reason in clear; read through the upcaster (docs/adr/0018). */
export const crisisCancelledV1 = z
  .object({
    crisisId: id,
    reason: z.string().min(3).max(500),
    cancelledAt: instant,
  })
  .strict();
export const crisisCancelledV2 = z
  .object({
    crisisId: id,
    reason: sealedTextSchema,
    cancelledAt: instant,
    /** Called off offline and sent later (issue 19): the device time, bounded; `cancelledAt` is the arrival. */
    actedOnDevice: z.object({ at: instant, bounded: z.boolean() }).strict().optional(),
  })
  .strict();
export const crisisCancelledRead = crisisCancelledV2.extend({ reason: freeTextSchema });
export type CrisisCancelledData = z.infer<typeof crisisCancelledRead>;

/**
 * A second trigger for a case whose crisis was still running joined it instead of starting
 * another (issue 19, docs/adr/0034): who, when, what they reported and, sealed like the trigger's,
 * the situation they typed, so nothing the second person entered is lost.
 */
export const crisisTriggerJoinedV1 = z
  .object({
    crisisId: id,
    joinedBy: actorRef,
    joinedAt: instant,
    dangerKind: z.enum(dangerKinds),
    urgency: z.enum(urgencies),
    situation: sealedValueSchema.optional(),
    actedOnDevice: deviceTimeSchema.optional(),
    /**
     * Queued offline and sent after this crisis had ended, though the device time lies within its
     * run: recorded by the API as a late join instead of starting another crisis (docs/adr/0034).
     */
    afterEnd: z.literal(true).optional(),
  })
  .strict();
export type CrisisTriggerJoinedData = z.infer<typeof crisisTriggerJoinedV1>;

/** What had happened to the task (or the crisis) before a late answer arrived. */
export const supersededBy = ['acknowledged', 'moved_on', 'crisis_closed'] as const;

/**
 * An answer given offline to a task that had moved on by the time it arrived (issue 19,
 * docs/adr/0034): recorded, never applied. Only a person the task reached, only with a device time.
 */
export const taskAnswerSupersededV1 = z
  .object({
    crisisId: id,
    taskId: id,
    party: taskParty,
    answer: z.enum(['acknowledge', 'decline']),
    answeredBy: actorRef,
    receivedAt: instant,
    actedOnDevice: deviceTimeSchema,
    instead: z.enum(supersededBy),
    /** Who acknowledged instead (for `acknowledged`), and when. */
    insteadBy: actorRef.optional(),
    insteadAt: instant.optional(),
  })
  .strict();
export type TaskAnswerSupersededData = z.infer<typeof taskAnswerSupersededV1>;

/** Every event type with its current schema version and its payload schema. */
export const crisisEventSchemas = {
  CrisisTriggered: { schemaVersion: 1, schema: crisisTriggeredV1 },
  PartyNotified: { schemaVersion: 1, schema: partyNotifiedV1 },
  TaskAcknowledged: { schemaVersion: 1, schema: taskAcknowledgedV1 },
  TaskDeclined: { schemaVersion: 2, schema: taskDeclinedV2, read: taskDeclinedRead },
  TaskEscalated: { schemaVersion: 1, schema: taskEscalatedV1 },
  SupervisorAlerted: { schemaVersion: 1, schema: supervisorAlertedV1 },
  AmbulanceDispatchReported: { schemaVersion: 1, schema: ambulanceDispatchReportedV1 },
  GuardianUnreachable: { schemaVersion: 1, schema: guardianUnreachableV1 },
  AdmissionDecided: { schemaVersion: 1, schema: admissionDecidedV1 },
  FamilyCourtDecisionRequired: { schemaVersion: 1, schema: familyCourtDecisionRequiredV1 },
  DischargeAnnounced: { schemaVersion: 1, schema: dischargeAnnouncedV1 },
  HilfeplanungRequested: { schemaVersion: 1, schema: hilfeplanungRequestedV1 },
  CrisisCancelled: { schemaVersion: 2, schema: crisisCancelledV2, read: crisisCancelledRead },
  CrisisTriggerJoined: { schemaVersion: 1, schema: crisisTriggerJoinedV1 },
  TaskAnswerSuperseded: { schemaVersion: 1, schema: taskAnswerSupersededV1 },
} as const;

export type CrisisEventType = keyof typeof crisisEventSchemas;

export type CrisisEvent =
  | { type: 'CrisisTriggered'; data: CrisisTriggeredData }
  | { type: 'PartyNotified'; data: PartyNotifiedData }
  | { type: 'TaskAcknowledged'; data: TaskAcknowledgedData }
  | { type: 'TaskDeclined'; data: TaskDeclinedData }
  | { type: 'TaskEscalated'; data: TaskEscalatedData }
  | { type: 'SupervisorAlerted'; data: SupervisorAlertedData }
  | { type: 'GuardianUnreachable'; data: GuardianUnreachableData }
  | { type: 'AmbulanceDispatchReported'; data: AmbulanceDispatchReportedData }
  | { type: 'AdmissionDecided'; data: AdmissionDecidedData }
  | { type: 'FamilyCourtDecisionRequired'; data: FamilyCourtDecisionRequiredData }
  | { type: 'DischargeAnnounced'; data: DischargeAnnouncedData }
  | { type: 'HilfeplanungRequested'; data: HilfeplanungRequestedData }
  | { type: 'CrisisCancelled'; data: CrisisCancelledData }
  | { type: 'CrisisTriggerJoined'; data: CrisisTriggerJoinedData }
  | { type: 'TaskAnswerSuperseded'; data: TaskAnswerSupersededData };
