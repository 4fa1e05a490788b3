import { z } from 'zod';
import { crisisParties } from '../workflow/cooperation-agreement';
import {
  causeCategoryIdSchema,
  escalationCauses,
  interfaceItemKinds,
  weaknessKinds,
  weaknessStatuses,
} from '../events/quality-loop.events';

/*
 * The quality loop's API (issue 18 §3): the lead office's list of items at the interfaces it may
 * annotate (its own cases: NOT anonymous, read under the case access rules and logged), the
 * annotation, and the agreement's register of weaknesses.
 */

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
const calendarMonth = z.string().regex(monthPattern, 'must be a calendar month YYYY-MM');
const agreementIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be an agreement id');

export const causeCategory = z.object({ id: z.string(), label: z.string() }).strict();
export type CauseCategory = z.infer<typeof causeCategory>;

export const interfaceItemsQuery = z
  .object({ agreementId: agreementIdSchema, from: calendarMonth, to: calendarMonth })
  .strict()
  .refine((q) => !monthPattern.test(q.from) || !monthPattern.test(q.to) || q.from <= q.to, {
    path: ['to'],
    message: 'must not be before from',
  });
export type InterfaceItemsQuery = z.infer<typeof interfaceItemsQuery>;

export const interfaceItemIdSchema = z.string().uuid();

export const interfaceItem = z
  .object({
    itemId: z.string(),
    kind: z.enum(interfaceItemKinds),
    escalationCause: z.enum(escalationCauses).nullable(),
    caseId: z.string(),
    crisisId: z.string(),
    taskId: z.string(),
    party: z.enum(crisisParties),
    organisationId: z.string(),
    organisationName: z.string(),
    occurredAt: z.string(),
    annotation: z
      .object({ category: z.string(), note: z.string().nullable(), annotatedAt: z.string() })
      .strict()
      .nullable(),
  })
  .strict();
export type InterfaceItem = z.infer<typeof interfaceItem>;

export const interfaceItemList = z
  .object({
    agreementId: z.string(),
    categories: z.array(causeCategory),
    items: z.array(interfaceItem),
    /** True when more items matched than a page holds (the newest are shown). */
    truncated: z.boolean(),
  })
  .strict();
export type InterfaceItemList = z.infer<typeof interfaceItemList>;

export const annotateInterfaceItemRequest = z
  .object({
    category: causeCategoryIdSchema,
    /** Short, without names, dates, addresses, phone numbers, e-mail addresses or case references. */
    note: z.string().trim().max(300).optional(),
    /**
     * The agreement whose categories apply, for a missed §4 KKG or §8a deadline (it belongs to no
     * crisis of an agreement); an item of a crisis keeps its crisis's agreement and ignores it.
     */
    agreementId: agreementIdSchema.optional(),
  })
  .strict();
export type AnnotateInterfaceItemRequest = z.infer<typeof annotateInterfaceItemRequest>;

export const weaknessRegisterQuery = z.object({ agreementId: agreementIdSchema }).strict();
export type WeaknessRegisterQuery = z.infer<typeof weaknessRegisterQuery>;

export const registerWeaknessRequest = z
  .object({
    agreementId: agreementIdSchema,
    sourceItemId: interfaceItemIdSchema,
    kind: z.enum(weaknessKinds),
    what: z.string().trim().min(3).max(300),
    example: z.string().trim().min(3).max(500),
  })
  .strict();
export type RegisterWeaknessRequest = z.infer<typeof registerWeaknessRequest>;

export const weaknessIdSchema = z.string().regex(/^w-[0-9a-f-]{36}$/, 'must be a weakness id');
export const changeWeaknessStatusRequest = z.object({ status: z.enum(weaknessStatuses) }).strict();
export type ChangeWeaknessStatusRequest = z.infer<typeof changeWeaknessStatusRequest>;

const actorView = z.object({ role: z.string(), organisationId: z.string(), organisationName: z.string() }).strict();

export const weaknessEntry = z
  .object({
    weaknessId: z.string(),
    agreementId: z.string(),
    kind: z.enum(weaknessKinds),
    what: z.string(),
    party: z.enum(crisisParties),
    organisationId: z.string(),
    organisationName: z.string(),
    category: z.string(),
    categoryLabel: z.string(),
    example: z.string(),
    status: z.enum(weaknessStatuses),
    registeredBy: actorView,
    registeredAt: z.string(),
    statusChangedBy: actorView,
    statusChangedAt: z.string(),
    history: z.array(z.object({ status: z.enum(weaknessStatuses), changedBy: actorView, changedAt: z.string() })),
  })
  .strict();
export type WeaknessEntry = z.infer<typeof weaknessEntry>;

export const weaknessRegister = z.object({ agreementId: z.string(), entries: z.array(weaknessEntry) }).strict();
export type WeaknessRegister = z.infer<typeof weaknessRegister>;
