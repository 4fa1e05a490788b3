import { z } from 'zod';
import { crisisParties } from '../workflow/cooperation-agreement';
import { sealedTextSchema } from './sealed-value';

/*
 * The quality loop's own events (issue 18 §3, docs/adr/0036): the lead office's cause annotation of
 * an item at an interface (an escalation, a decline, a contact not reached), and the agreement's
 * register of weaknesses (`weakness-register`), fed by annotated items. Neither carries a name:
 * the note and the register's texts passed the identifying-data check (libs/domain `anonymity`)
 * before they were written, and the note is sealed under the case's key besides.
 */

const id = z.string().min(1).max(200);
const instant = z.string().datetime();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
/** Who acted, pseudonymously: ids and a role, never a name. */
const actorRef = z.object({ id, role: id, organisationId: id }).strict();

/**
 * What can be annotated: a task escalated (with its cause), declined, or a contact not reached; and
 * a missed deadline of a child-protection step: the §4 (4) KKG feedback owed to the reporter, or a
 * step of a §8a risk assessment (ADR 0041). For these two, `crisisId` holds the process's id (the
 * report or the assessment) and `taskId` the step; the interface is the lead office that owed it.
 */
export const interfaceItemKinds = [
  'escalation',
  'decline',
  'not_reached',
  'kkg_feedback_missed',
  'risk_assessment_deadline_missed',
] as const;
export type InterfaceItemKind = (typeof interfaceItemKinds)[number];
export const escalationCauses = ['deadline_missed', 'declined', 'not_reached'] as const;

/** A cause category id as agreements name them: lower case, digits, underscores. */
export const causeCategoryIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,47}$/, 'must be a cause category id (a–z, digits, _)');

/**
 * The lead office names the cause of an item at an interface. A later annotation of the same item
 * replaces the earlier one. Stream `quality-annotations-<caseId>`; the interface, agreement and
 * month travel with it so that the anonymous report needs no other row.
 */
export const interfaceItemAnnotatedV1 = z
  .object({
    /** The id of the event the item stands for (the escalation, the decline, the failed contact). */
    itemId: id,
    caseId: id,
    crisisId: id,
    taskId: id,
    kind: z.enum(interfaceItemKinds),
    escalationCause: z.enum(escalationCauses).optional(),
    party: z.enum(crisisParties),
    organisationId: id,
    agreementId: id,
    month,
    category: causeCategoryIdSchema,
    /** Short, without identifying data, sealed under the case's key. */
    note: sealedTextSchema.optional(),
    annotatedBy: actorRef,
    annotatedAt: instant,
  })
  .strict();
export type InterfaceItemAnnotatedData = z.infer<typeof interfaceItemAnnotatedV1>;

/** The register's statuses: offen, an Gremium, in Vereinbarung übernommen, erledigt. */
export const weaknessStatuses = ['open', 'to_committee', 'adopted_in_agreement', 'resolved'] as const;
export type WeaknessStatus = (typeof weaknessStatuses)[number];
/** A weakness of the cooperation, or a proposal for the agreement's next version. */
export const weaknessKinds = ['weakness', 'change_proposal'] as const;
export type WeaknessKind = (typeof weaknessKinds)[number];

/** Register text: anonymous by check, so in clear (it is read by every partner's Leitung). */
const registerText = (max: number) => z.string().trim().min(3).max(max);

/** An annotated item promoted to the agreement's register. Stream `weakness-register-<agreementId>`. */
export const weaknessRegisteredV1 = z
  .object({
    agreementId: id,
    weaknessId: id,
    kind: z.enum(weaknessKinds),
    what: registerText(300),
    party: z.enum(crisisParties),
    organisationId: id,
    category: causeCategoryIdSchema,
    example: registerText(500),
    /** The annotated item it came from (an event id; it names no case). */
    sourceItemId: id,
    registeredBy: actorRef,
    registeredAt: instant,
  })
  .strict();
export type WeaknessRegisteredData = z.infer<typeof weaknessRegisteredV1>;

export const weaknessStatusChangedV1 = z
  .object({
    agreementId: id,
    weaknessId: id,
    status: z.enum(weaknessStatuses),
    changedBy: actorRef,
    changedAt: instant,
  })
  .strict();
export type WeaknessStatusChangedData = z.infer<typeof weaknessStatusChangedV1>;

export const qualityLoopEventSchemas = {
  InterfaceItemAnnotated: { schemaVersion: 1, schema: interfaceItemAnnotatedV1 },
  WeaknessRegistered: { schemaVersion: 1, schema: weaknessRegisteredV1 },
  WeaknessStatusChanged: { schemaVersion: 1, schema: weaknessStatusChangedV1 },
} as const;

export const qualityAnnotationStreamId = (caseId: string) => `quality-annotations-${caseId}`;
export const weaknessRegisterStreamId = (agreementId: string) => `weakness-register-${agreementId}`;
