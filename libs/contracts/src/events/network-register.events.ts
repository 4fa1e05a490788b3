import { z } from 'zod';
import { networkIdSchema, organisationIdSchema } from './network.events';
import { weaknessKinds, weaknessStatuses } from './quality-loop.events';

/*
 * The network's part of the register of weaknesses (issue 17 part 7, docs/adr/0039; seeds 003
 * Darmstadt-Dieburg and 004 Stormarn): the same register as the agreement's (ADR 0036, table
 * `weakness_register`, projection `weakness-register`) with a network scope and direct entries —
 * anyone in the network records a weakness at an interface (what, where, an example without
 * identifying data, checked like every register text); the coordinating office groups entries,
 * turns them into a proposal to a committee (Jugendhilfeausschuss) or for the next agreement
 * version, and moves their status. Stream `weakness-register-network-<networkId>`.
 * Annual goals with an implementation plan live on `network-goals-<networkId>`.
 */

const actorRef = z
  .object({ id: z.string().min(1).max(200), role: z.string().min(1).max(60), organisationId: organisationIdSchema })
  .strict();
const registerText = (max: number) => z.string().trim().min(3).max(max);
export const weaknessIdFormat = z.string().regex(/^w-[0-9a-f-]{36}$/, 'must be a weakness id');

export const networkWeaknessRecordedV1 = z
  .object({
    networkId: networkIdSchema,
    weaknessId: weaknessIdFormat,
    kind: z.enum(weaknessKinds),
    what: registerText(300),
    /** The interface, e.g. "Geburtsklinik → Familienhebamme". */
    where: registerText(120),
    example: registerText(500),
    recordedBy: actorRef,
    recordedAt: z.string().datetime(),
  })
  .strict();
export type NetworkWeaknessRecordedData = z.infer<typeof networkWeaknessRecordedV1>;

/** The coordinating office puts entries into one group (a topic heading, no person in it). */
export const networkWeaknessesGroupedV1 = z
  .object({
    networkId: networkIdSchema,
    weaknessIds: z.array(weaknessIdFormat).min(1).max(50),
    group: registerText(120),
    groupedBy: actorRef,
    groupedAt: z.string().datetime(),
  })
  .strict();
export type NetworkWeaknessesGroupedData = z.infer<typeof networkWeaknessesGroupedV1>;

/** Where a proposal goes: the Jugendhilfeausschuss, another committee, or the agreement's next version. */
export const proposalTargets = ['jugendhilfeausschuss', 'anderes_gremium', 'naechste_vereinbarung'] as const;
export type ProposalTarget = (typeof proposalTargets)[number];

export const networkWeaknessProposedV1 = z
  .object({
    networkId: networkIdSchema,
    weaknessId: weaknessIdFormat,
    target: z.enum(proposalTargets),
    proposal: registerText(1000),
    proposedBy: actorRef,
    proposedAt: z.string().datetime(),
  })
  .strict();
export type NetworkWeaknessProposedData = z.infer<typeof networkWeaknessProposedV1>;

export const networkWeaknessStatusChangedV1 = z
  .object({
    networkId: networkIdSchema,
    weaknessId: weaknessIdFormat,
    status: z.enum(weaknessStatuses),
    changedBy: actorRef,
    changedAt: z.string().datetime(),
  })
  .strict();
export type NetworkWeaknessStatusChangedData = z.infer<typeof networkWeaknessStatusChangedV1>;

export const goalIdSchema = z.string().regex(/^ng-[0-9a-f-]{36}$/, 'must be a goal id (ng-…)');
export const goalStatuses = ['planned', 'in_progress', 'achieved', 'not_achieved'] as const;
export type GoalStatus = (typeof goalStatuses)[number];

export const goalPlanStepSchema = z
  .object({
    step: registerText(300),
    /** Who carries the step: an organisation of the network, never a person. */
    organisationId: organisationIdSchema.optional(),
    dueMonth: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
      .optional(),
  })
  .strict();

/** An annual sub-goal of the network with its implementation plan (Stormarn: presented to the Jugendhilfeausschuss). */
export const networkAnnualGoalSetV1 = z
  .object({
    networkId: networkIdSchema,
    goalId: goalIdSchema,
    year: z.number().int().min(2000).max(2100),
    title: registerText(200),
    plan: z.array(goalPlanStepSchema).min(1).max(20),
    setBy: actorRef,
    setAt: z.string().datetime(),
  })
  .strict();
export type NetworkAnnualGoalSetData = z.infer<typeof networkAnnualGoalSetV1>;

export const networkAnnualGoalStatusChangedV1 = z
  .object({
    networkId: networkIdSchema,
    goalId: goalIdSchema,
    status: z.enum(goalStatuses),
    changedBy: actorRef,
    changedAt: z.string().datetime(),
  })
  .strict();
export type NetworkAnnualGoalStatusChangedData = z.infer<typeof networkAnnualGoalStatusChangedV1>;

export const networkRegisterEventSchemas = {
  NetworkWeaknessRecorded: { schemaVersion: 1, schema: networkWeaknessRecordedV1 },
  NetworkWeaknessesGrouped: { schemaVersion: 1, schema: networkWeaknessesGroupedV1 },
  NetworkWeaknessProposed: { schemaVersion: 1, schema: networkWeaknessProposedV1 },
  NetworkWeaknessStatusChanged: { schemaVersion: 1, schema: networkWeaknessStatusChangedV1 },
  NetworkAnnualGoalSet: { schemaVersion: 1, schema: networkAnnualGoalSetV1 },
  NetworkAnnualGoalStatusChanged: { schemaVersion: 1, schema: networkAnnualGoalStatusChangedV1 },
} as const;

/** The network's scope of the one `weakness-register`. */
export const networkWeaknessRegisterStreamId = (networkId: string) => `weakness-register-network-${networkId}`;
export const networkGoalsStreamId = (networkId: string) => `network-goals-${networkId}`;
